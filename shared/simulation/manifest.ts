import { z } from 'zod';
import { LABEL_PREFIX, RESERVED_LABELS } from '#shared/scaling/index.ts';
import { describeZodIssues } from '#shared/validation/index.ts';
import { SimulationConfigError } from './errors.ts';
import { coerceValue, type ParamValue } from './sweep.ts';

/**
 * The parts of a deploy manifest (`marathon.json`, with an `autoscaling` block) or of a Marathon app definition
 * (GET /v2/apps/{id}, with `autopilot.*` labels) the simulator uses. Other fields are ignored, so either file works.
 * @example {"id": "rest-app", "cpus": 0.5, "instances": 2, "autoscaling": {"policy": "target", "targetCpu": 60}}
 */
const SimManifestSchema = z.looseObject({
  cpus: z.number().positive().optional(),
  instances: z.number().int().nonnegative().optional(),
  autoscaling: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

interface ManifestSettings {
  readonly cpus: number | undefined;
  readonly instances: number | undefined;
  /** The autoscaling spec: the `autoscaling` block, else the `autopilot.*` labels; empty when neither. */
  readonly spec: Readonly<Record<string, ParamValue>>;
}

function specFromLabels(labels: Readonly<Record<string, string>>): Record<string, ParamValue> {
  const spec: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(labels)) {
    // The deploy function's bookkeeping labels (digest, source key) are not policy parameters.
    if (!name.startsWith(LABEL_PREFIX) || RESERVED_LABELS.includes(name)) continue;
    const key = name.slice(LABEL_PREFIX.length);
    spec[key] = key === 'policy' ? value : coerceValue(value);
  }
  return spec;
}

function parseManifest(text: string, source: string): ManifestSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SimulationConfigError(`${source} is not JSON; give a marathon.json manifest or an app definition`, {
      cause: error,
    });
  }
  const parsed = SimManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = describeZodIssues(parsed.error);
    throw new SimulationConfigError(`${source}: ${problems.join('; ')}`, { cause: parsed.error });
  }
  const { cpus, instances, autoscaling, labels } = parsed.data;
  return { cpus, instances, spec: autoscaling ?? specFromLabels(labels ?? {}) };
}

export type { ManifestSettings };
export { parseManifest, SimManifestSchema };
