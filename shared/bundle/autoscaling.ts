import { z } from 'zod';
import { type AutoscalingSpec, AutoscalingSpecSchema } from '../scaling/spec.ts';

/**
 * The manifest's `autoscaling` block: validated by the scaling module's own schema (so a bundle cannot carry a
 * policy the scale function would refuse), but kept exactly as the user wrote it. Only the keys the user set
 * become labels, so an app follows improved defaults of the scale function without a redeploy.
 */
const AutoscalingBlockSchema = z.looseObject({}).superRefine((value, ctx) => {
  const result = AutoscalingSpecSchema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown parameter(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} for policy "${String(value.policy)}"; see docs/scaling.md`
        : issue.message;
    ctx.addIssue({ code: 'custom', message, path: issue.path });
  }
});

/** The block's JSON Schema for the docs: the scaling module's input schema (refinements cannot be expressed). */
function autoscalingJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(AutoscalingSpecSchema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return schema;
}

/** The validated block, typed for `specToLabels`. */
function asAutoscalingSpec(block: Record<string, unknown>): AutoscalingSpec {
  return block as AutoscalingSpec;
}

export { AutoscalingBlockSchema, asAutoscalingSpec, autoscalingJsonSchema };
