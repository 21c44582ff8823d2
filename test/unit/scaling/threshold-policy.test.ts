import { describe, expect, it } from 'vitest';
import {
  AutoscalingSpecSchema,
  decide,
  direction,
  type EngineState,
  type Observation,
  type ThresholdConfig,
} from '#shared/scaling/index.ts';

const T0 = 1_764_000_000_000;

function threshold(spec: Record<string, unknown> = {}): ThresholdConfig {
  return AutoscalingSpecSchema.parse({ policy: 'threshold', maxInstances: 50, ...spec }) as ThresholdConfig;
}

function observe(current: number, cpu: number, mem: number, now = T0): Observation {
  const tasks = Array.from({ length: current }, () => ({ cpu, mem }));
  return { now, current, tasks, tasksMissing: 0, deploymentInProgress: false, lastScalingAt: null };
}

function summary(cpu: number | null, mem: number | null) {
  return { cpuMean: cpu, cpuP90: cpu, memMean: mem, overloaded: 0, samples: cpu === null ? 0 : 1 };
}

/** Runs `periods` identical periods one minute apart and returns the decisions. */
function run(config: ThresholdConfig, periods: number, current: number, cpu: number, mem: number) {
  let state: EngineState | undefined;
  const decisions = [];
  for (let i = 0; i < periods; i += 1) {
    const out = decide(config, state, observe(current, cpu, mem, T0 + i * 60_000));
    state = out.state;
    decisions.push(out.decision);
  }
  return decisions;
}

describe('threshold policy', () => {
  it('uses the marathon-autoscale defaults', () => {
    expect(threshold()).toMatchObject({
      triggerMode: 'cpu',
      maxCpu: 80,
      minCpu: 55.5,
      maxMem: 75,
      minMem: 55.5,
      multiplier: 1.5,
      scaleUpFactor: 3,
      coolDownFactor: 4,
    });
  });

  it('scales up by the multiplier on the period after scaleUpFactor breaching periods', () => {
    const decisions = run(threshold(), 5, 4, 0.9, 0.3);

    expect(decisions.map((d) => d.action)).toEqual(['none', 'none', 'none', 'scale-up', 'none']);
    expect(decisions[0]).toMatchObject({ reason: 'waiting-periods' });
    expect(decisions[3]).toMatchObject({ desired: 6, reason: 'overloaded' });
  });

  it('scales down by the multiplier after more than coolDownFactor quiet periods', () => {
    const decisions = run(threshold(), 5, 6, 0.2, 0.3);

    expect(decisions.map((d) => d.action)).toEqual(['none', 'none', 'none', 'none', 'scale-down']);
    expect(decisions[4]).toMatchObject({ desired: 4, reason: 'underloaded' });
  });

  it('adds at least one instance even when the multiplier rounds to nothing', () => {
    const decisions = run(threshold({ scaleUpFactor: 0, multiplier: 1.1 }), 1, 2, 0.9, 0.3);

    expect(decisions[0]).toMatchObject({ action: 'scale-up', desired: 3 });
  });

  it('starts counting again when utilisation returns inside the band', () => {
    const config = threshold({ scaleUpFactor: 1 });
    const first = decide(config, undefined, observe(4, 0.9, 0.3));
    const calm = decide(config, first.state, observe(4, 0.7, 0.3, T0 + 60_000));
    const again = decide(config, calm.state, observe(4, 0.9, 0.3, T0 + 120_000));

    expect(calm.decision.reason).toBe('within-band');
    expect(again.decision).toMatchObject({ action: 'none', reason: 'waiting-periods' });
  });

  it.each([
    ['cpu', 0.9, 0.1, 'up'],
    ['cpu', 0.1, 0.9, 'down'],
    ['mem', 0.1, 0.9, 'up'],
    ['mem', 0.9, 0.1, 'down'],
    ['mem', 0.9, 0.6, 'hold'],
    ['and', 0.9, 0.9, 'up'],
    ['and', 0.9, 0.1, 'hold'],
    ['and', 0.1, 0.1, 'down'],
    ['or', 0.9, 0.1, 'up'],
    ['or', 0.1, 0.9, 'up'],
    ['or', 0.1, 0.6, 'down'],
    ['or', 0.6, 0.6, 'hold'],
  ] as const)('in mode %s, cpu %d and mem %d point %s', (triggerMode, cpu, mem, expected) => {
    expect(direction(threshold({ triggerMode }), summary(cpu, mem))).toBe(expected);
  });

  it('needs memory samples in mem mode and both kinds in and/or modes', () => {
    const tasks = [{ cpu: 0.9, mem: null }];
    const base = { now: T0, current: 1, tasks, tasksMissing: 0, deploymentInProgress: false, lastScalingAt: null };

    for (const triggerMode of ['mem', 'and', 'or'] as const) {
      const { decision } = decide(threshold({ triggerMode }), undefined, base);
      expect(decision.blockedBy).toBe('insufficient-data');
    }
    const cpuOnly = decide(threshold(), undefined, base).decision;
    expect(cpuOnly.reason).toBe('waiting-periods');
    expect(cpuOnly.reasonText).toContain('mean CPU 90.0 %, memory n/a');
  });

  it('decides on memory alone in mem mode when CPU has no sample', () => {
    const tasks = [{ cpu: null, mem: 0.9 }];
    const base = { now: T0, current: 1, tasks, tasksMissing: 0, deploymentInProgress: false, lastScalingAt: null };

    const { decision } = decide(threshold({ triggerMode: 'mem', scaleUpFactor: 0 }), undefined, base);

    expect(decision).toMatchObject({ action: 'scale-up', desired: 2 });
    expect(decision.reasonText).toContain('mean CPU n/a, memory 90.0 %');
  });

  it('treats a missing mean as zero when explaining the direction', () => {
    expect(direction(threshold(), summary(null, null))).toBe('down');
  });
});
