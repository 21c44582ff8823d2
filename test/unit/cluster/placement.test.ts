import { describe, expect, it } from 'vitest';
import { chooseAgent, type PlacementCandidate } from '#local/cluster/index.ts';

function agent(id: string, usedCpus: number, appTasks: number, active = true): PlacementCandidate {
  const resources = { cpus: 4, mem: 4096, disk: 1000 };
  const used = { cpus: usedCpus, mem: 0, disk: 0 };
  return {
    id,
    active,
    resources,
    used: () => used,
    tasksOf: () => appTasks,
    fits: (demand) => active && used.cpus + demand.cpus + 0.1 <= resources.cpus,
  };
}

const demand = { cpus: 1, mem: 128, disk: 0 };

describe('chooseAgent', () => {
  it('spreads an app over the agents holding the fewest of its tasks', () => {
    const chosen = chooseAgent([agent('a', 0, 2), agent('b', 2, 0), agent('c', 0, 1)], demand, '/app');
    expect(chosen?.id).toBe('b');
  });

  it('prefers the least loaded agent when the spread is even', () => {
    expect(chooseAgent([agent('a', 2, 0), agent('b', 1, 0)], demand, '/app')?.id).toBe('b');
  });

  it('skips inactive agents and agents without room', () => {
    const chosen = chooseAgent([agent('a', 0, 0, false), agent('b', 3.5, 0), agent('c', 1, 5)], demand, '/app');
    expect(chosen?.id).toBe('c');
  });

  it('returns undefined when nothing fits, so the launch waits in the queue', () => {
    expect(chooseAgent([agent('a', 3.5, 0), agent('b', 0, 0, false)], demand, '/app')).toBeUndefined();
  });
});
