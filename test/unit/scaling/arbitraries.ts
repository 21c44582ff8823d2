import fc from 'fast-check';
import { AutoscalingSpecSchema, type Observation, type PolicyConfig, type PolicyName } from '#shared/scaling/index.ts';

/** Valid configs of one policy, built through the real schema so every default and cross-check applies. */
function configArb(policy: PolicyName): fc.Arbitrary<PolicyConfig> {
  const common = {
    minInstances: fc.integer({ min: 1, max: 10 }),
    maxInstances: fc.integer({ min: 10, max: 60 }),
    cooldownS: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 300 })),
    maxChange: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined, freq: 2 }),
    dryRun: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  };
  const specific: Record<PolicyName, Record<string, fc.Arbitrary<unknown>>> = {
    seed: { overloadedCpu: fc.integer({ min: 1, max: 150 }), step: fc.integer({ min: 1, max: 5 }) },
    'seed-original': { overloadedCpu: fc.integer({ min: 1, max: 150 }), step: fc.integer({ min: 1, max: 5 }) },
    threshold: {
      triggerMode: fc.constantFrom('cpu', 'mem', 'and', 'or'),
      maxCpu: fc.integer({ min: 60, max: 120 }),
      minCpu: fc.integer({ min: 0, max: 59 }),
      multiplier: fc.double({ min: 1.1, max: 3, noNaN: true }),
      scaleUpFactor: fc.integer({ min: 0, max: 4 }),
      coolDownFactor: fc.integer({ min: 0, max: 4 }),
    },
    target: {
      targetCpu: fc.integer({ min: 20, max: 100 }),
      targetMem: fc.option(fc.integer({ min: 20, max: 100 }), { nil: undefined }),
      tolerance: fc.double({ min: 0, max: 0.3, noNaN: true }),
      downStabilisationS: fc.integer({ min: 0, max: 600 }),
      upStabilisationS: fc.integer({ min: 0, max: 120 }),
      upMaxPods: fc.integer({ min: 0, max: 6 }),
      upMaxPercent: fc.integer({ min: 0, max: 200 }),
      downMaxPercent: fc.integer({ min: 0, max: 100 }),
    },
  };
  return fc
    .record({ ...common, ...specific[policy] }, { requiredKeys: [] })
    .map((spec) => AutoscalingSpecSchema.safeParse({ policy, ...spec }))
    .filter((result) => result.success)
    .map((result) => result.data as PolicyConfig);
}

/** One period's observation at `now`: a load level shared by the tasks, with noise and some missing samples. */
function observationArb(now: number): fc.Arbitrary<Observation> {
  return fc
    .record({
      current: fc.integer({ min: 0, max: 40 }),
      load: fc.double({ min: 0, max: 1.6, noNaN: true }),
      unsampled: fc.integer({ min: 0, max: 2 }),
    })
    .chain(({ current, load, unsampled }) => {
      const sample = (base: number) =>
        fc.option(
          fc.double({ min: -0.2, max: 0.2, noNaN: true }).map((noise) => Math.max(0, base + noise)),
          { nil: null, freq: 8 },
        );
      const count = Math.max(0, Math.min(current, 30) - unsampled);
      return fc.record({
        now: fc.constant(now),
        current: fc.constant(current),
        tasks: fc.array(fc.record({ cpu: sample(load), mem: sample(load * 0.8) }), {
          minLength: count,
          maxLength: count,
        }),
        tasksMissing: fc.integer({ min: 0, max: 2 }),
        deploymentInProgress: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        lastScalingAt: fc.option(fc.integer({ min: now - 900_000, max: now }), { nil: null, freq: 3 }),
      });
    });
}

/** A run of periods 15–120 s apart, so stateful policies see history. */
const runArb: fc.Arbitrary<Observation[]> = fc
  .array(fc.integer({ min: 15, max: 120 }), { minLength: 1, maxLength: 12 })
  .chain((gaps) => {
    let now = 1_764_000_000_000;
    return fc.tuple(
      ...gaps.map((gap) => {
        now += gap * 1000;
        return observationArb(now);
      }),
    );
  });

export { configArb, observationArb, runArb };
