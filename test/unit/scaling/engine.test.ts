import { describe, expect, it } from 'vitest';
import {
  AutoscalingSpecSchema,
  decide,
  type EngineState,
  initialState,
  type Observation,
  type PolicyConfig,
} from '#shared/scaling/index.ts';

const T0 = 1_764_000_000_000;

function config(spec: Record<string, unknown>): PolicyConfig {
  return AutoscalingSpecSchema.parse({ policy: 'target', maxInstances: 20, ...spec }) as PolicyConfig;
}

function observe(current: number, cpu: number | null, extra: Partial<Observation> = {}): Observation {
  const tasks = Array.from({ length: current }, () => ({ cpu, mem: 0.3 }));
  return { now: T0, current, tasks, tasksMissing: 0, deploymentInProgress: false, lastScalingAt: null, ...extra };
}

describe('decide (the guards every policy shares)', () => {
  it('records the time of a scaling it decided on', () => {
    const { decision, state } = decide(config({ targetCpu: 50 }), undefined, observe(4, 1));

    expect(decision.action).toBe('scale-up');
    expect(state.lastScalingAt).toBe(T0);
    expect(state.policyState).toMatchObject({ events: [{ at: T0, change: 4 }] });
  });

  it('waits out the cooldown after its own scaling and after Marathon lastScalingAt', () => {
    const cfg = config({ targetCpu: 50, cooldownS: 120 });
    const first = decide(cfg, undefined, observe(4, 1));

    const ownCooldown = decide(cfg, first.state, observe(8, 1, { now: T0 + 60_000 }));
    const marathonCooldown = decide(cfg, undefined, observe(8, 1, { lastScalingAt: T0 - 30_000 }));
    const afterwards = decide(cfg, first.state, observe(8, 1, { now: T0 + 120_000 }));

    expect(ownCooldown.decision).toMatchObject({ action: 'none', reason: 'cooldown', blockedBy: 'cooldown' });
    expect(ownCooldown.decision.reasonText).toBe('last scaling 60 s ago, cooldown 120 s');
    expect(marathonCooldown.decision.blockedBy).toBe('cooldown');
    expect(afterwards.decision.action).toBe('scale-up');
  });

  it('says 0 s ago when Marathon clock runs ahead of ours', () => {
    const { decision } = decide(config({ cooldownS: 60 }), undefined, observe(4, 1, { lastScalingAt: T0 + 5_000 }));

    expect(decision.reasonText).toBe('last scaling 0 s ago, cooldown 60 s');
  });

  it('does nothing during a deployment, whatever the load', () => {
    const { decision } = decide(config({ targetCpu: 50 }), undefined, observe(4, 1, { deploymentInProgress: true }));

    expect(decision).toMatchObject({
      action: 'none',
      desired: 4,
      reason: 'deployment-in-progress',
      blockedBy: 'deployment',
    });
  });

  it('explains that there is no usable sample instead of guessing', () => {
    const { decision, state } = decide(config({}), undefined, observe(3, null));

    expect(decision).toMatchObject({ action: 'none', reason: 'insufficient-data', blockedBy: 'insufficient-data' });
    expect(decision.utilisation).toEqual({ cpuMean: null, cpuP90: null, memMean: 0.3, overloaded: 0, samples: 0 });
    expect(state).toEqual(initialState(config({})));
  });

  it('brings an app outside its bounds back inside even without samples', () => {
    const below = decide(config({ minInstances: 2 }), undefined, observe(0, null));
    const above = decide(config({ maxInstances: 5 }), undefined, observe(9, null));

    expect(below.decision).toMatchObject({
      action: 'scale-up',
      desired: 2,
      reason: 'out-of-bounds',
      blockedBy: 'bounds',
    });
    expect(above.decision).toMatchObject({ action: 'scale-down', desired: 5, reason: 'out-of-bounds' });
  });

  it('clamps a recommendation to maxInstances and names the bound', () => {
    const { decision } = decide(config({ targetCpu: 10, maxInstances: 6 }), undefined, observe(4, 1));

    expect(decision).toMatchObject({ action: 'scale-up', desired: 6, blockedBy: 'bounds', reason: 'above-target' });
    expect(decision.reasonText).toContain('kept within [1, 6]');
  });

  it('limits the change per decision to maxChange', () => {
    const { decision } = decide(config({ targetCpu: 50, maxChange: 1 }), undefined, observe(4, 1));

    expect(decision).toMatchObject({ action: 'scale-up', desired: 5, recommended: 8, blockedBy: 'max-change' });
  });

  it('computes but does not apply a decision in dry-run', () => {
    const { decision, state } = decide(config({ targetCpu: 50, dryRun: true }), undefined, observe(4, 1));

    expect(decision).toMatchObject({ action: 'none', desired: 8, blockedBy: 'dry-run' });
    expect(decision.reasonText).toContain('dry run');
    expect(state.lastScalingAt).toBeNull();
  });

  it('starts a fresh state when the app changed policy', () => {
    const old: EngineState = {
      version: 1,
      lastScalingAt: null,
      policyState: { policy: 'threshold', upPeriods: 3, downPeriods: 0 },
    };

    const { state } = decide(config({}), old, observe(4, 0.7));

    expect(state.policyState.policy).toBe('target');
  });

  it('counts overloaded tasks against the policy own line', () => {
    const tasks = [0.5, 0.75, 0.85, 0.95].map((cpu) => ({ cpu, mem: 0.1 }));
    const base = { ...observe(4, 0), tasks };

    expect(decide(config({ targetCpu: 70 }), undefined, base).decision.utilisation.overloaded).toBe(3);
    expect(decide(config({ policy: 'threshold' }), undefined, base).decision.utilisation.overloaded).toBe(2);
    expect(decide(config({ policy: 'seed', overloadedCpu: 90 }), undefined, base).decision.utilisation.overloaded).toBe(
      1,
    );
  });
});
