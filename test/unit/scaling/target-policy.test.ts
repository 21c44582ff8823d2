import { describe, expect, it } from 'vitest';
import {
  AutoscalingSpecSchema,
  decide,
  type EngineState,
  type Observation,
  replicasFor,
  type TargetConfig,
} from '#shared/scaling/index.ts';

const T0 = 1_764_000_000_000;

function target(spec: Record<string, unknown> = {}): TargetConfig {
  return AutoscalingSpecSchema.parse({ policy: 'target', maxInstances: 50, ...spec }) as TargetConfig;
}

function observe(current: number, cpus: (number | null)[], extra: Partial<Observation> = {}): Observation {
  return {
    now: T0,
    current,
    tasks: cpus.map((cpu) => ({ cpu, mem: 0.2 })),
    tasksMissing: 0,
    deploymentInProgress: false,
    lastScalingAt: null,
    ...extra,
  };
}

describe('replicasFor (the HPA replica calculation)', () => {
  it('scales by utilisation over target, rounding up', () => {
    expect(replicasFor([0.9, 0.9, 0.9, 0.9], 0, 0.6, 0.1, 4)).toBe(6);
  });

  it('keeps the count inside the tolerance band', () => {
    expect(replicasFor([0.65], 0, 0.6, 0.1, 4)).toBe(4);
  });

  it('assumes missing tasks at full load when the others say scale down', () => {
    // Alone: 0.3 / 0.6 = 0.5 → 2 of 4. With 2 missing at 1.0: mean 0.65 → within tolerance → stay.
    expect(replicasFor([0.3, 0.3], 2, 0.6, 0.1, 4)).toBe(4);
  });

  it('assumes missing tasks idle when the others say scale up', () => {
    // 1.2 / 0.6 = 2 alone; with 2 idle missing tasks: mean 0.6 → ratio 1 → stay.
    expect(replicasFor([1.2, 1.2], 2, 0.6, 0.1, 4)).toBe(4);
    // Still hot enough with one missing: mean 0.8 → ratio 1.33 → ceil(1.33 × 3) = 4 of 3.
    expect(replicasFor([1.2, 1.2], 1, 0.6, 0.1, 3)).toBe(4);
  });

  it('does not let the filled-in tasks reverse the direction', () => {
    // 0.1 / 0.6 < 1 says down; with 5 missing at 1.0 the mean is 0.85, which would say up: no change.
    expect(replicasFor([0.1], 5, 0.6, 0.1, 6)).toBe(6);
  });

  it('never proposes more instances while scaling down', () => {
    // Down (0.2 / 0.6); filled mean (0.2 + 1) / 2 = 0.6 → ratio exactly 1: no change.
    expect(replicasFor([0.2], 1, 0.6, 0, 1)).toBe(1);
    // Filled ratio 0.67 → ceil(0.67 × 3) = 2, more than the 1 running while scaling down: keeps 1.
    expect(replicasFor([0.2, 0.2], 1, 0.7, 0, 1)).toBe(1);
  });

  it('never proposes fewer instances while scaling up', () => {
    // Up: 1.5 / 0.6; 1 idle missing: mean 0.75 → ratio 1.25 → ceil(2.5) = 3 < current 5: keeps 5.
    expect(replicasFor([1.5], 1, 0.6, 0, 5)).toBe(5);
  });

  it('has nothing to say without samples', () => {
    expect(replicasFor([], 3, 0.6, 0.1, 4)).toBeNull();
  });
});

describe('target policy', () => {
  it('scales up at once to the recommendation', () => {
    const { decision } = decide(target({ targetCpu: 50 }), undefined, observe(4, [1, 1, 1, 1]));

    expect(decision).toMatchObject({ action: 'scale-up', desired: 8, reason: 'above-target' });
  });

  it('limits a scale-up to max(upMaxPods, upMaxPercent %) per period', () => {
    const config = target({ targetCpu: 10, upMaxPods: 4, upMaxPercent: 100 });

    const first = decide(config, undefined, observe(2, [1, 1]));
    const second = decide(
      config,
      first.state,
      observe(first.decision.desired, [1, 1, 1, 1, 1, 1], { now: T0 + 5_000 }),
    );
    const later = decide(config, second.state, observe(6, [1, 1, 1, 1, 1, 1], { now: T0 + 60_000 }));

    expect(first.decision).toMatchObject({ desired: 6, blockedBy: 'max-change', recommended: 6 });
    expect(first.decision.reasonText).toContain('rate limit allows 6');
    // 4 were added 5 s ago: the period started at 2, so at most 6 until it ends.
    expect(second.decision).toMatchObject({ action: 'none', desired: 6 });
    expect(later.decision).toMatchObject({ action: 'scale-up', desired: 12 });
  });

  it('holds a scale-down until the stabilisation window has seen only lower recommendations', () => {
    const config = target({ targetCpu: 50, downStabilisationS: 300 });
    const busy = decide(config, undefined, observe(8, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]));
    const quiet = Array(8).fill(0.1);

    const soon = decide(config, busy.state, observe(8, quiet, { now: T0 + 60_000 }));
    const after = decide(config, soon.state, observe(8, quiet, { now: T0 + 301_000 }));

    expect(soon.decision).toMatchObject({ action: 'none', reason: 'stabilising', recommended: 8 });
    expect(after.decision).toMatchObject({ action: 'scale-down', desired: 2, reason: 'below-target' });
  });

  it('scales up only to the lowest recommendation of the up window', () => {
    const config = target({ targetCpu: 50, upStabilisationS: 120 });
    const calm = decide(config, undefined, observe(4, [0.5, 0.5, 0.5, 0.5]));

    const spike = decide(config, calm.state, observe(4, [1, 1, 1, 1], { now: T0 + 30_000 }));

    expect(spike.decision).toMatchObject({ action: 'none', reason: 'stabilising', desired: 4 });
  });

  it('limits a scale-down to downMaxPercent per period', () => {
    const config = target({ targetCpu: 50, downStabilisationS: 0, downMaxPercent: 50, downPeriodS: 60 });

    const first = decide(config, undefined, observe(10, Array(10).fill(0.05)));
    const second = decide(config, first.state, observe(5, Array(5).fill(0.05), { now: T0 + 15_000 }));

    expect(first.decision).toMatchObject({ action: 'scale-down', desired: 5, blockedBy: 'max-change' });
    expect(second.decision).toMatchObject({ action: 'none', desired: 5 });
  });

  it('computes the scale-down limit without floating-point loss (80 % of 35 is 28, not 29)', () => {
    const config = target({ downStabilisationS: 0, downMaxPercent: 80, minInstances: 1 });

    const { decision } = decide(config, undefined, observe(35, Array(35).fill(0)));

    expect(decision).toMatchObject({ action: 'scale-down', desired: 7, blockedBy: 'max-change' });
  });

  it('takes the larger of the CPU and memory recommendations', () => {
    const config = target({ targetCpu: 50, targetMem: 50 });
    const tasks = [0, 1, 2, 3].map(() => ({ cpu: 0.5, mem: 1 }));

    const { decision } = decide(config, undefined, { ...observe(4, []), tasks });

    expect(decision).toMatchObject({ action: 'scale-up', desired: 8 });
    expect(decision.reasonText).toContain('memory 100.0 %');
  });

  it('ignores memory when no task has a memory sample', () => {
    const config = target({ targetCpu: 50, targetMem: 50 });
    const tasks = [0, 1].map(() => ({ cpu: 0.5, mem: null }));

    const { decision } = decide(config, undefined, { ...observe(2, []), tasks });

    expect(decision).toMatchObject({ action: 'none', reason: 'within-tolerance' });
    expect(decision.reasonText).toContain('memory n/a');
  });

  it('forgets recommendations and events older than its windows', () => {
    const config = target({ downStabilisationS: 60, upPeriodS: 15, downPeriodS: 15 });
    const old: EngineState = {
      version: 1,
      lastScalingAt: T0 - 600_000,
      policyState: {
        policy: 'target',
        recommendations: [{ at: T0 - 600_000, desired: 40 }],
        events: [{ at: T0 - 600_000, change: 3 }],
      },
    };

    const { state } = decide(config, old, observe(4, [0.7, 0.7, 0.7, 0.7]));

    expect(state.policyState).toEqual({ policy: 'target', recommendations: [{ at: T0, desired: 4 }], events: [] });
  });
});
