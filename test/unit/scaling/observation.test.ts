import { describe, expect, it } from 'vitest';
import { observationFrom } from '#shared/scaling/index.ts';

describe('observationFrom', () => {
  it('takes instances and deployment from the app and per-task figures from the message', () => {
    const observation = observationFrom(
      { instances: 3, deploymentInProgress: true, lastScalingAt: 1_000 },
      {
        tasks: [
          { id: 'a.1', agentId: 'S0', cpu: 0.5, mem: 0.25, intervalS: 60 },
          { id: 'a.2', agentId: 'S1', cpu: null, mem: 0.1, intervalS: null },
        ],
        tasksMissing: 1,
      },
      5_000,
    );

    expect(observation).toEqual({
      now: 5_000,
      current: 3,
      tasks: [
        { cpu: 0.5, mem: 0.25 },
        { cpu: null, mem: 0.1 },
      ],
      tasksMissing: 1,
      deploymentInProgress: true,
      lastScalingAt: 1_000,
    });
  });

  it('reports an unknown last scaling as null', () => {
    const observation = observationFrom(
      { instances: 1, deploymentInProgress: false, lastScalingAt: undefined },
      { tasks: [], tasksMissing: 0 },
      0,
    );

    expect(observation.lastScalingAt).toBeNull();
  });
});
