import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DecideResult,
  decide,
  type EngineState,
  type Observation,
  type PolicyConfig,
  type PolicyName,
} from '#shared/scaling/index.ts';
import { configArb, runArb } from './arbitraries.ts';

const POLICIES: PolicyName[] = ['target', 'threshold', 'seed', 'seed-original'];
const RUNS = { numRuns: 300 };

/** Feeds a run of observations through the engine, handing each step's state to the next. */
function replay(
  config: PolicyConfig,
  run: Observation[],
): { before: EngineState | undefined; obs: Observation; out: DecideResult }[] {
  let state: EngineState | undefined;
  return run.map((obs) => {
    const before = state;
    const out = decide(config, state, obs);
    state = out.state;
    return { before, obs, out };
  });
}

function inCooldown(config: PolicyConfig, before: EngineState | undefined, obs: Observation): boolean {
  const last = Math.max(obs.lastScalingAt ?? -Infinity, before?.lastScalingAt ?? -Infinity);
  return config.cooldownS > 0 && obs.now - last < config.cooldownS * 1000;
}

describe.each(POLICIES)('policy %s', (policy) => {
  it('keeps the result within [minInstances, maxInstances] whenever the app starts inside them', () => {
    fc.assert(
      fc.property(configArb(policy), runArb, (config, run) => {
        for (const { obs, out } of replay(config, run)) {
          const { desired } = out.decision;
          if (policy === 'seed-original') {
            // The article's bug: only 0 and the upper bound hold it.
            expect(desired).toBeGreaterThanOrEqual(0);
            expect(desired).toBeLessThanOrEqual(Math.max(obs.current, config.maxInstances));
          } else if (obs.current >= config.minInstances && obs.current <= config.maxInstances) {
            expect(desired).toBeGreaterThanOrEqual(config.minInstances);
            expect(desired).toBeLessThanOrEqual(config.maxInstances);
          }
        }
      }),
      RUNS,
    );
  });

  it('never changes anything while a deployment is in progress or inside the cooldown', () => {
    fc.assert(
      fc.property(configArb(policy), runArb, (config, run) => {
        for (const { before, obs, out } of replay(config, run)) {
          if (obs.deploymentInProgress || inCooldown(config, before, obs)) {
            expect(out.decision.action).toBe('none');
            expect(out.decision.desired).toBe(obs.current);
            expect(out.decision.blockedBy).toBe(obs.deploymentInProgress ? 'deployment' : 'cooldown');
            if (before !== undefined) expect(out.state).toEqual(before);
          }
        }
      }),
      RUNS,
    );
  });

  it('respects maxChange and the policy own step limit', () => {
    fc.assert(
      fc.property(configArb(policy), runArb, (config, run) => {
        for (const { obs, out } of replay(config, run)) {
          const { current, desired } = out.decision;
          const change = desired - current;
          if (config.maxChange !== undefined) expect(Math.abs(change)).toBeLessThanOrEqual(config.maxChange);
          if (current < config.minInstances || current > config.maxInstances || change === 0) continue;
          if (config.policy === 'seed' || config.policy === 'seed-original') {
            const step = Math.min(config.step, config.maxChange ?? config.step);
            expect(Math.abs(change) === step || desired === 0).toBe(true);
          } else if (config.policy === 'threshold') {
            expect(desired).toBeLessThanOrEqual(Math.max(current + 1, Math.ceil(current * config.multiplier)));
            expect(desired).toBeGreaterThanOrEqual(Math.floor(current / config.multiplier));
          } else if (change > 0) {
            const pods = Math.max(config.upMaxPods, Math.ceil(current * (config.upMaxPercent / 100)));
            expect(change).toBeLessThanOrEqual(pods);
          } else {
            expect(-change).toBeLessThanOrEqual(Math.ceil(current * (config.downMaxPercent / 100)));
          }
          expect(obs.current).toBe(current);
        }
      }),
      RUNS,
    );
  });

  it('is deterministic and leaves its inputs untouched', () => {
    fc.assert(
      fc.property(configArb(policy), runArb, (config, run) => {
        for (const { before, obs, out } of replay(config, run)) {
          const copies = structuredClone({ config, before, obs });
          const again = decide(copies.config, copies.before, copies.obs);
          expect(again).toEqual(out);
          expect(copies).toEqual({ config, before, obs });
        }
      }),
      RUNS,
    );
  });

  it('never applies anything in dry-run, and keeps its state small and JSON-serialisable', () => {
    fc.assert(
      fc.property(configArb(policy), runArb, (config, run) => {
        for (const { out } of replay(config, run)) {
          if (config.dryRun) expect(out.decision.action).toBe('none');
          if (out.decision.action === 'none') expect(out.state.lastScalingAt).not.toBe(out.decision.current);
          const json = JSON.stringify(out.state);
          expect(JSON.parse(json)).toEqual(out.state);
          expect(json.length).toBeLessThan(8_192);
        }
      }),
      RUNS,
    );
  });
});
