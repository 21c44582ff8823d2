import { z } from 'zod';

/**
 * Stand-in for `shared/scaling/labels.ts` (written on another branch): the manifest's `autoscaling` block,
 * validated loosely (a policy name and scalar parameters), and its Marathon labels.
 * Swap both exports for the real ones when that module lands; nothing else imports this file's internals.
 */
const AutoscalingSpecSchema = z
  .object({
    policy: z
      .string({ error: 'autoscaling.policy is required: name the policy, e.g. "target"' })
      .min(1, 'autoscaling.policy must not be empty'),
  })
  .catchall(
    z.union([z.string(), z.number(), z.boolean()], {
      error: 'autoscaling parameters must be numbers, strings or booleans',
    }),
  )
  .meta({
    description: 'How the scale function sizes the app: a policy name and its parameters.',
    examples: [{ policy: 'target', minInstances: 1, maxInstances: 10 }],
  });

type AutoscalingSpec = z.infer<typeof AutoscalingSpecSchema>;

/** `autopilot.enabled`, `autopilot.policy` and one `autopilot.<param>` label per parameter. */
function specToLabels(spec: AutoscalingSpec): Record<string, string> {
  const labels: Record<string, string> = { 'autopilot.enabled': 'true' };
  for (const [name, value] of Object.entries(spec)) labels[`autopilot.${name}`] = String(value);
  return labels;
}

export type { AutoscalingSpec };
export { AutoscalingSpecSchema, specToLabels };
