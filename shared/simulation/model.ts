import { z } from 'zod';
import { SimulationConfigError } from './errors.ts';
import type { AppModel } from './types.ts';

/**
 * The simulated app and cluster. Defaults: the seed's app (`cpus: 0.5`), the collect schedule (60 s),
 * a start-up of 90 s (fetch + extract a PEX bundle + health check on a warm agent), 5 % measurement noise
 * (a one-second sampling window on a busy host), and overload counted above 90 % of ready capacity.
 */
const AppModelSchema = z.object({
  cpusPerInstance: z.number().positive().default(0.5),
  startupDelayS: z.number().int().nonnegative().default(90),
  periodS: z.number().int().positive().default(60),
  noise: z.number().nonnegative().max(1).default(0.05),
  seed: z.number().int().default(1),
  overloadLimit: z.number().positive().max(1).default(0.9),
  /** `undefined` = size the app for the first sample at 60 % utilisation (see initialInstancesFor). */
  initialInstances: z.number().int().nonnegative().optional(),
  utilisationCap: z.number().positive().default(1),
});

type AppModelInput = z.input<typeof AppModelSchema>;

/** Validated model; throws a SimulationConfigError naming every bad field. */
function parseAppModel(input: AppModelInput, firstDemand: number): AppModel {
  const result = AppModelSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SimulationConfigError(`invalid simulation model: ${problems.join('; ')}`, { cause: result.error });
  }
  const { initialInstances, ...rest } = result.data;
  return { ...rest, initialInstances: initialInstances ?? initialInstancesFor(firstDemand, rest.cpusPerInstance) };
}

/** Every policy starts from the same, reasonable size so the first minutes do not decide the comparison. */
function initialInstancesFor(demand: number, cpusPerInstance: number): number {
  return Math.max(1, Math.ceil(demand / (cpusPerInstance * 0.6)));
}

export type { AppModelInput };
export { AppModelSchema, initialInstancesFor, parseAppModel };
