import { describe, expect, it } from 'vitest';
import {
  enginePolicy,
  measure,
  observationOf,
  parseManifest,
  parsePolicyConfig,
  SimulationConfigError,
  simulate,
} from '#shared/simulation/index.ts';
import { constantTrace, exactModel, traceOf } from './helpers.ts';

describe('observationOf', () => {
  it('builds the Observation the scale function builds from the message and the app', () => {
    const message = measure({ nowMs: 60_000, demand: 1.5, instances: 5, ready: 3 }, exactModel(), {
      next: () => 0,
      normal: () => 0,
    });

    const observation = observationOf({
      nowMs: 60_000,
      message,
      app: { instances: 5, deploymentInProgress: true, lastScalingAt: undefined },
    });

    expect(observation).toEqual({
      now: 60_000,
      current: 5,
      tasks: [
        { cpu: 1, mem: 0.3 },
        { cpu: 1, mem: 0.3 },
        { cpu: 1, mem: 0.3 },
      ],
      tasksMissing: 2,
      deploymentInProgress: true,
      lastScalingAt: null,
    });
  });
});

describe('enginePolicy', () => {
  it('lets the real target policy scale an overloaded app until the overload ends', () => {
    const config = parsePolicyConfig({ policy: 'target', minInstances: 2, maxInstances: 50, targetCpu: 70 });
    const result = simulate(constantTrace(4, 60), enginePolicy('target', config), exactModel({ initialInstances: 4 }));

    expect(result.actions[0]).toMatchObject({ t: 60, from: 4 });
    expect(result.series.at(-1)?.instances).toBeGreaterThanOrEqual(Math.ceil(4 / (0.5 * 0.77)));
    expect(result.metrics.overloadSeconds).toBeLessThan(600);
  });

  it('holds while new instances start (the engine sees a deployment in progress)', () => {
    const config = parsePolicyConfig({ policy: 'target', maxInstances: 50 });
    const result = simulate(
      constantTrace(4, 30),
      enginePolicy('target', config),
      exactModel({ initialInstances: 4, startupDelayS: 300 }),
    );

    const gaps = result.actions.slice(1).map((action, i) => action.t - (result.actions[i]?.t ?? 0));
    expect(gaps.every((gap) => gap >= 300)).toBe(true);
  });

  it('keeps the article bug: the seed rule as written never scales down above its minimum', () => {
    const trace = traceOf(Array.from({ length: 60 }, () => 0.5));
    const config = parsePolicyConfig({ policy: 'seed-original', minInstances: 4, maxInstances: 100 });
    const result = simulate(trace, enginePolicy('seed-original', config), exactModel({ initialInstances: 12 }));

    expect(result.metrics.actions).toBe(0);
    expect(result.metrics.maxInstances).toBe(12);
  });

  it('rejects invalid parameters naming each', () => {
    expect(() => parsePolicyConfig({ policy: 'target', targetCpu: 0.7, bogus: 1 })).toThrow(SimulationConfigError);
    expect(() => parsePolicyConfig({ policy: 'target', bogus: 1 })).toThrow(/unknown parameter\(s\) bogus/);
    expect(() => parsePolicyConfig({ policy: 'wizard' })).toThrow(/policy/);
  });
});

describe('parseManifest', () => {
  it('reads cpus, instances and the autoscaling block of a deploy manifest', () => {
    const settings = parseManifest(
      JSON.stringify({ id: 'api', cpus: 0.25, instances: 3, autoscaling: { policy: 'target', targetCpu: 60 } }),
      'marathon.json',
    );

    expect(settings).toEqual({ cpus: 0.25, instances: 3, spec: { policy: 'target', targetCpu: 60 } });
  });

  it('reads the autopilot labels of a Marathon app definition', () => {
    const app = {
      id: '/api',
      cpus: 1,
      instances: 2,
      labels: {
        'autopilot.policy': 'threshold',
        'autopilot.maxCpu': '75',
        'autopilot.digest': 'sha256:0f',
        team: 'x',
      },
    };

    expect(parseManifest(JSON.stringify(app), 'app.json').spec).toEqual({ policy: 'threshold', maxCpu: 75 });
  });

  it('says which file is not JSON or has a wrong field', () => {
    expect(() => parseManifest('{', 'marathon.json')).toThrow(/marathon.json is not JSON/);
    expect(() => parseManifest('{"cpus": "lots"}', 'marathon.json')).toThrow(/marathon.json: cpus/);
  });
});
