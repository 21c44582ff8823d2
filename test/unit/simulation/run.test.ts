import { describe, expect, it } from 'vitest';
import { simulate } from '#shared/simulation/index.ts';
import { constantTrace, exactModel, holdPolicy, scriptedPolicy, traceOf } from './helpers.ts';

describe('simulate accounting', () => {
  it('counts no overload and 4 instance-hours for 1 core on 4 × 0.5-CPU instances over an hour', () => {
    const result = simulate(constantTrace(1, 60), holdPolicy, exactModel());

    expect(result.metrics).toMatchObject({
      durationS: 3600,
      overloadSeconds: 0,
      saturatedSeconds: 0,
      unservedCpuSeconds: 0,
      instanceHours: 4,
      actions: 0,
      worstOverload: 0.5,
      meanInstances: 4,
      maxInstances: 4,
    });
  });

  it('counts every second overloaded when 2 cores meet 1 core of capacity', () => {
    const result = simulate(constantTrace(2, 60), holdPolicy, exactModel({ initialInstances: 2 }));

    expect(result.metrics.overloadSeconds).toBe(3600);
    expect(result.metrics.saturatedSeconds).toBe(3600);
    expect(result.metrics.unservedCpuSeconds).toBe(3600);
    expect(result.metrics.instanceHours).toBe(2);
    expect(result.metrics.worstOverload).toBe(2);
  });

  it('counts utilisation above the limit as overload even when capacity suffices', () => {
    // 1.9 cores on 2 cores of capacity: 95 % > 90 %, yet nothing is turned away.
    const result = simulate(constantTrace(1.9, 10), holdPolicy, exactModel());

    expect(result.metrics.overloadSeconds).toBe(600);
    expect(result.metrics.saturatedSeconds).toBe(0);
  });

  it('serves with new instances only after the start-up delay but bills them from the scale-up', () => {
    const policy = scriptedPolicy([5]);
    const result = simulate(constantTrace(2, 60), policy, exactModel({ initialInstances: 2, startupDelayS: 90 }));

    // Scale-up at t = 60 s, ready at 150 s: overloaded for [0, 150).
    expect(result.metrics.overloadSeconds).toBe(150);
    expect(result.metrics.unservedCpuSeconds).toBe(150);
    expect(result.metrics.instanceHours).toBeCloseTo((2 * 3600 + 3 * 3540) / 3600, 10);
    expect(result.metrics.actions).toBe(1);
    expect(result.actions).toEqual([{ t: 60, from: 2, to: 5 }]);
  });

  it('reports starting instances as missing tasks and a deployment in progress', () => {
    const policy = scriptedPolicy([5]);
    simulate(constantTrace(2, 5), policy, exactModel({ initialInstances: 2, startupDelayS: 90 }));

    const second = policy.seen[1];
    expect(second?.app).toEqual({
      instances: 5,
      deploymentInProgress: true,
      lastScalingAt: Date.parse('2026-01-01T00:01:00Z'),
    });
    expect(second?.message.tasksMissing).toBe(3);
    expect(second?.message.tasks).toHaveLength(2);
    expect(second?.message.tasks.every((task) => task.cpu === 1)).toBe(true);
    expect(policy.seen[2]?.app.deploymentInProgress).toBe(false);
    expect(policy.seen[2]?.message.tasks.map((task) => task.cpu)).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
  });

  it('removes instances at once on scale-down', () => {
    const result = simulate(constantTrace(0.5, 60), scriptedPolicy([2]), exactModel());

    expect(result.metrics.instanceHours).toBeCloseTo((4 * 60 + 2 * 3540) / 3600, 10);
    expect(result.metrics.overloadSeconds).toBe(0);
  });

  it('accounts a step change in demand from the minute it happens', () => {
    const trace = traceOf([...Array.from({ length: 30 }, () => 1), ...Array.from({ length: 30 }, () => 3)]);
    const result = simulate(trace, holdPolicy, exactModel());

    expect(result.metrics.overloadSeconds).toBe(1800);
    expect(result.metrics.worstOverload).toBe(1.5);
    expect(result.metrics.unservedCpuSeconds).toBe(1800);
  });

  it('evaluates the policy once per period, starting one period in', () => {
    const policy = scriptedPolicy([4]);
    simulate(constantTrace(1, 10), policy, exactModel());

    expect(policy.seen.map((input) => input.nowMs - Date.parse('2026-01-01T00:00:00Z'))).toEqual(
      Array.from({ length: 9 }, (_, i) => (i + 1) * 60_000),
    );
  });

  it('keeps one series point per period for charts', () => {
    const result = simulate(constantTrace(1, 10), holdPolicy, exactModel());

    expect(result.series).toHaveLength(10);
    expect(result.series[0]).toEqual({ t: 0, demand: 1, readyCapacity: 2, instances: 4, ready: 4 });
  });

  it('reports no worst overload ratio when demand meets zero ready instances', () => {
    const result = simulate(constantTrace(1, 5), holdPolicy, exactModel({ initialInstances: 0 }));

    expect(result.metrics.worstOverload).toBeNull();
    expect(result.metrics.overloadSeconds).toBe(300);
  });

  it('gives the same noisy measurements for the same seed', () => {
    const first = scriptedPolicy([4]);
    const second = scriptedPolicy([4]);
    simulate(constantTrace(1, 10), first, exactModel({ noise: 0.1, seed: 7 }));
    simulate(constantTrace(1, 10), second, exactModel({ noise: 0.1, seed: 7 }));

    const cpus = (policy: typeof first) => policy.seen.flatMap((input) => input.message.tasks.map((task) => task.cpu));
    expect(cpus(first)).toEqual(cpus(second));
    expect(new Set(cpus(first)).size).toBeGreaterThan(1);
  });

  it('rejects an empty trace', () => {
    expect(() => simulate(traceOf([]), holdPolicy, exactModel())).toThrow(/no samples/);
  });
});
