import { describe, expect, it } from 'vitest';
import { AutoscalingSpecSchema, decide, type Observation, type PolicyConfig } from '#shared/scaling/index.ts';

/** The article's own numbers: MIN 4, MAX 100, ±2, 90 % / 50 % of instances overloaded. */
const ARTICLE = { minInstances: 4, maxInstances: 100, step: 2, upFraction: 0.9, downFraction: 0.5, overloadedCpu: 80 };
const seed = AutoscalingSpecSchema.parse({ policy: 'seed', ...ARTICLE }) as PolicyConfig;
const seedOriginal = AutoscalingSpecSchema.parse({ policy: 'seed-original', ...ARTICLE }) as PolicyConfig;

/** `current` instances of which `overloaded` run above 80 % CPU and the rest at 30 %. */
function observe(current: number, overloaded: number): Observation {
  const tasks = Array.from({ length: current }, (_, i) => ({ cpu: i < overloaded ? 0.95 : 0.3, mem: 0.4 }));
  return { now: 1_764_000_000_000, current, tasks, tasksMissing: 0, deploymentInProgress: false, lastScalingAt: null };
}

// current, overloaded → seed (fixed), seed-original (as written), what the row shows
const TABLE: [number, number, number, number, string][] = [
  [10, 9, 12, 12, 'exactly 90 % overloaded: +2'],
  [10, 10, 12, 12, 'all overloaded: +2'],
  [98, 89, 100, 100, 'up to MAX exactly'],
  [99, 99, 99, 99, '+2 would exceed MAX: no change'],
  [10, 8, 10, 10, 'between 50 % and 90 %: no change'],
  [10, 5, 8, 10, 'exactly 50 %: the fix scales down, the bug does not (8 > MIN)'],
  [20, 0, 18, 20, 'idle: the bug never scales down above MIN + 2'],
  [6, 0, 4, 4, 'down to MIN exactly: both agree'],
  [5, 1, 5, 3, 'the bug scales below MIN (3 < 4); the fix stays'],
  [4, 0, 4, 2, 'at MIN and idle: the bug goes to 2'],
];

describe('the seed rule on the article numbers', () => {
  it.each(TABLE)(
    '%i instances, %i overloaded → seed %i, seed-original %i (%s)',
    (current, overloaded, fixed, buggy) => {
      const observation = observe(current, overloaded);

      const fixedDecision = decide(seed, undefined, observation).decision;
      const buggyDecision = decide(seedOriginal, undefined, observation).decision;

      expect(fixedDecision.desired).toBe(fixed);
      expect(buggyDecision.desired).toBe(buggy);
      expect(fixedDecision.utilisation.overloaded).toBe(overloaded);
    },
  );

  it('reports the bounds as the reason when the fixed rule refuses to go below the minimum', () => {
    const { decision } = decide(seed, undefined, observe(5, 1));

    expect(decision).toMatchObject({ action: 'none', reason: 'at-bound', blockedBy: 'bounds' });
    expect(decision.reasonText).toContain('below minInstances 4');
  });

  it('shows the buggy branch scaling below the minimum as a scale-down with the bug named', () => {
    const { decision } = decide(seedOriginal, undefined, observe(5, 1));

    expect(decision).toMatchObject({ action: 'scale-down', desired: 3, reason: 'underloaded' });
    expect(decision.reasonText).toContain('<= MIN');
  });

  it('never lets the buggy rule go below zero instances', () => {
    const config = AutoscalingSpecSchema.parse({ policy: 'seed-original', ...ARTICLE, step: 5 }) as PolicyConfig;

    expect(decide(config, undefined, observe(3, 0)).decision.desired).toBe(0);
  });
});
