import { z } from 'zod';

/**
 * The autoscaling block users write in their bundle manifest, and (as strings) in Marathon labels.
 * Utilisation parameters are percentages of the task's own limits (`cpus`, `mem`), as Marathon
 * operators and marathon-autoscale users think of them; tolerances and fractions are plain fractions.
 */

const POLICY_NAMES = ['target', 'threshold', 'seed', 'seed-original'] as const;

function wholeNumber(name: string, min: number, example: number) {
  return z
    .number({ error: `${name} must be a number, e.g. ${example}` })
    .int({ error: `${name} must be a whole number, e.g. ${example}` })
    .min(min, { error: `${name} must be at least ${min}, e.g. ${example}` });
}

function seconds(name: string, example: number) {
  return z
    .number({ error: `${name} must be a number of seconds, e.g. ${example}` })
    .min(0, { error: `${name} must be 0 or more seconds, e.g. ${example}` })
    .max(86_400, { error: `${name} must be at most 86400 seconds (one day)` });
}

/**
 * A percentage of the task's limit; values in (0, 1) are rejected because they are almost always a fraction
 * written where a percentage was meant (0.7 instead of 70), which would make the policy scale wildly.
 */
function percent(name: string, example: number, allowZero = false) {
  return z
    .number({ error: `${name} must be a percentage, e.g. ${example}` })
    .min(0, { error: `${name} must be a percentage ≥ 0, e.g. ${example}` })
    .max(1_000, { error: `${name} must be at most 1000 (%)` })
    .refine((value) => value >= 1 || (allowZero && value === 0), {
      error: (issue) =>
        `${name} is a percentage (e.g. ${example} for ${example} %), got ${String(issue.input)}: did you mean ${Math.round(Number(issue.input) * 100)}?`,
    });
}

function fraction(name: string, example: number) {
  return z
    .number({ error: `${name} must be a fraction between 0 and 1, e.g. ${example}` })
    .min(0, { error: `${name} must be between 0 and 1, e.g. ${example}` })
    .max(1, { error: `${name} must be between 0 and 1, e.g. ${example}` });
}

/** Parameters every policy shares; the engine's guards use them. */
const commonShape = {
  enabled: z
    .boolean({ error: 'enabled must be true or false' })
    .default(true)
    .describe('Opt the app in to autoscaling (label autopilot.enabled). **Default:** true when the block is present'),
  minInstances: wholeNumber('minInstances', 1, 2)
    .default(1)
    .describe('Never scale below this many instances. **Default:** 1'),
  maxInstances: wholeNumber('maxInstances', 1, 10)
    .default(10)
    .describe('Never scale above this many instances. **Default:** 10'),
  cooldownS: seconds('cooldownS', 60)
    .default(0)
    .describe(
      'Seconds after any scaling (by the autopilot or anyone else, from Marathon lastScalingAt) during which no further scaling happens. 0 = off. **Default:** 0',
    ),
  maxChange: wholeNumber('maxChange', 1, 5)
    .optional()
    .describe('Largest change of the instance count in one decision (both directions). **Default:** no limit'),
  dryRun: z
    .boolean({ error: 'dryRun must be true or false' })
    .default(false)
    .describe('Compute and log decisions without applying them. **Default:** false (DRY_RUN=true forces it on)'),
};

const seedShape = {
  overloadedCpu: percent('overloadedCpu', 80)
    .default(80)
    .describe('A task is "overloaded" when its CPU use is above this % of its cpus limit. **Default:** 80'),
  upFraction: fraction('upFraction', 0.9)
    .default(0.9)
    .describe('Scale up when at least this fraction of instances is overloaded. **Default:** 0.9 (the article)'),
  downFraction: fraction('downFraction', 0.5)
    .default(0.5)
    .describe('Scale down when at most this fraction of instances is overloaded. **Default:** 0.5 (the article)'),
  step: wholeNumber('step', 1, 2).default(2).describe('Instances added or removed per action. **Default:** 2'),
};

const SeedSpecSchema = z.strictObject({
  policy: z.literal('seed').describe("The article's rule with its bug fixed"),
  ...commonShape,
  ...seedShape,
});

const SeedOriginalSpecSchema = z.strictObject({
  policy: z.literal('seed-original').describe("The article's rule exactly as written, bug included (benchmarks only)"),
  ...commonShape,
  ...seedShape,
});

const ThresholdSpecSchema = z.strictObject({
  policy: z.literal('threshold').describe('marathon-autoscale style: thresholds, consecutive periods, multiplier'),
  ...commonShape,
  triggerMode: z
    .enum(['cpu', 'mem', 'and', 'or'], { error: 'triggerMode must be one of cpu, mem, and, or' })
    .default('cpu')
    .describe(
      'Which mean utilisation triggers: cpu, mem, and (both above max to scale up, both below min to scale down), or (either above max to scale up; either below min and neither above max to scale down). **Default:** cpu',
    ),
  maxCpu: percent('maxCpu', 80).default(80).describe('Scale up above this mean CPU %. **Default:** 80'),
  minCpu: percent('minCpu', 55.5, true).default(55.5).describe('Scale down below this mean CPU %. **Default:** 55.5'),
  maxMem: percent('maxMem', 75).default(75).describe('Scale up above this mean memory %. **Default:** 75'),
  minMem: percent('minMem', 55.5, true)
    .default(55.5)
    .describe('Scale down below this mean memory %. **Default:** 55.5'),
  multiplier: z
    .number({ error: 'multiplier must be a number greater than 1, e.g. 1.5' })
    .gt(1, { error: 'multiplier must be greater than 1, e.g. 1.5' })
    .max(10, { error: 'multiplier must be at most 10' })
    .default(1.5)
    .describe('Scale up to ceil(current × multiplier), down to floor(current ÷ multiplier). **Default:** 1.5'),
  scaleUpFactor: wholeNumber('scaleUpFactor', 0, 3)
    .default(3)
    .describe('Scale up only once more than this many consecutive periods were above max. **Default:** 3'),
  coolDownFactor: wholeNumber('coolDownFactor', 0, 4)
    .default(4)
    .describe('Scale down only once more than this many consecutive periods were below min. **Default:** 4'),
});

const TargetSpecSchema = z.strictObject({
  policy: z.literal('target').describe('Kubernetes HPA style target tracking (the product default)'),
  ...commonShape,
  // 80 / 0.12 / 240 s: chosen with the simulator (docs/scaling.md#target) to use fewer instance-hours and
  // fewer actions than the Kubernetes defaults, at a fraction of the seed rule's overload.
  targetCpu: percent('targetCpu', 70)
    .default(80)
    .describe('Keep mean CPU use near this % of the cpus limit. **Default:** 80'),
  targetMem: percent('targetMem', 80)
    .optional()
    .describe('Also track memory at this %; the larger recommendation wins. **Default:** off'),
  tolerance: fraction('tolerance', 0.1)
    .default(0.12)
    .describe('No change while |utilisation ÷ target − 1| ≤ tolerance. **Default:** 0.12'),
  upStabilisationS: seconds('upStabilisationS', 0)
    .default(0)
    .describe('Scale up to the lowest recommendation over this many seconds. **Default:** 0'),
  downStabilisationS: seconds('downStabilisationS', 300)
    .default(240)
    .describe('Scale down only to the highest recommendation over this many seconds. **Default:** 240'),
  upMaxPods: wholeNumber('upMaxPods', 0, 4)
    .default(4)
    .describe('Scale-up rate: add at most max(upMaxPods, upMaxPercent %) per upPeriodS. **Default:** 4'),
  upMaxPercent: z
    .number({ error: 'upMaxPercent must be a percentage, e.g. 100' })
    .min(0, { error: 'upMaxPercent must be ≥ 0, e.g. 100' })
    .max(10_000, { error: 'upMaxPercent must be at most 10000' })
    .default(100)
    .describe('Scale-up rate, % of the instances at the start of the period. **Default:** 100'),
  upPeriodS: seconds('upPeriodS', 15).default(15).describe('Window of the scale-up rate. **Default:** 15'),
  downMaxPercent: z
    .number({ error: 'downMaxPercent must be a percentage, e.g. 100' })
    .min(0, { error: 'downMaxPercent must be ≥ 0, e.g. 100' })
    .max(100, { error: 'downMaxPercent must be at most 100' })
    .default(100)
    .describe('Scale-down rate: remove at most this % per downPeriodS. **Default:** 100'),
  downPeriodS: seconds('downPeriodS', 15).default(15).describe('Window of the scale-down rate. **Default:** 15'),
});

const boundsCheck = (spec: { minInstances?: number | undefined; maxInstances?: number | undefined }) =>
  spec.minInstances === undefined || spec.maxInstances === undefined || spec.minInstances <= spec.maxInstances;

/**
 * @example {"policy": "target", "minInstances": 2, "maxInstances": 20, "targetCpu": 70}
 * @example {"policy": "threshold", "triggerMode": "or", "maxCpu": 80, "minCpu": 40, "maxMem": 85, "minMem": 30}
 */
const AutoscalingSpecSchema = z
  .discriminatedUnion('policy', [TargetSpecSchema, ThresholdSpecSchema, SeedSpecSchema, SeedOriginalSpecSchema], {
    error: `policy must be one of ${POLICY_NAMES.join(', ')}`,
  })
  .check((ctx) => {
    const spec = ctx.value;
    if (!boundsCheck(spec)) {
      ctx.issues.push({
        code: 'custom',
        input: spec,
        path: ['maxInstances'],
        message: `maxInstances (${spec.maxInstances}) must be ≥ minInstances (${spec.minInstances})`,
      });
    }
    if (spec.policy === 'threshold' && (spec.minCpu >= spec.maxCpu || spec.minMem >= spec.maxMem)) {
      const cpu = spec.minCpu >= spec.maxCpu;
      ctx.issues.push({
        code: 'custom',
        input: spec,
        path: [cpu ? 'minCpu' : 'minMem'],
        message: cpu
          ? `minCpu (${spec.minCpu}) must be below maxCpu (${spec.maxCpu})`
          : `minMem (${spec.minMem}) must be below maxMem (${spec.maxMem})`,
      });
    }
    // Under CFS quotas a task cannot use more than its cpus limit, so utilisation never passes 100 %: a target
    // whose upper tolerance edge is at or above 100 % could never trigger a scale-up.
    if (spec.policy === 'target' && spec.targetCpu * (1 + spec.tolerance) >= 100) {
      ctx.issues.push({
        code: 'custom',
        input: spec,
        path: ['targetCpu'],
        message: `targetCpu ${spec.targetCpu} with tolerance ${spec.tolerance} never scales up (utilisation cannot exceed 100 %); keep targetCpu × (1 + tolerance) below 100, e.g. targetCpu ${Math.floor(99 / (1 + spec.tolerance))}`,
      });
    }
    if (spec.policy !== 'threshold' && spec.policy !== 'target' && spec.downFraction >= spec.upFraction) {
      ctx.issues.push({
        code: 'custom',
        input: spec,
        path: ['downFraction'],
        message: `downFraction (${spec.downFraction}) must be below upFraction (${spec.upFraction})`,
      });
    }
  })
  .describe('Autoscaling for this app: the policy and its parameters. Omit the block to leave the app alone.');

type AutoscalingSpec = z.input<typeof AutoscalingSpecSchema>;
type PolicyConfig = z.output<typeof AutoscalingSpecSchema>;
type PolicyName = PolicyConfig['policy'];
type SeedConfig = z.output<typeof SeedSpecSchema> | z.output<typeof SeedOriginalSpecSchema>;
type ThresholdConfig = z.output<typeof ThresholdSpecSchema>;
type TargetConfig = z.output<typeof TargetSpecSchema>;

export type { AutoscalingSpec, PolicyConfig, PolicyName, SeedConfig, TargetConfig, ThresholdConfig };
export {
  AutoscalingSpecSchema,
  POLICY_NAMES,
  SeedOriginalSpecSchema,
  SeedSpecSchema,
  TargetSpecSchema,
  ThresholdSpecSchema,
};
