import {
  type AutoscalingSpec,
  AutoscalingSpecSchema,
  decide,
  type EngineState,
  initialState,
  type Observation,
  type PolicyConfig,
} from '#shared/scaling/index.ts';
import { SimulationConfigError } from './errors.ts';
import type { Measurement, SimPolicy } from './types.ts';

/**
 * The Observation the scale function builds from a collector message and the app Marathon returns:
 * current = the app's configured instances, per-task fractions from the message, missing tasks as reported,
 * deployment and last scaling from Marathon.
 */
function observationOf(input: Measurement): Observation {
  return {
    now: input.nowMs,
    current: input.app.instances,
    tasks: input.message.tasks.map((task) => ({ cpu: task.cpu, mem: task.mem })),
    tasksMissing: input.message.tasksMissing,
    deploymentInProgress: input.app.deploymentInProgress,
    lastScalingAt: input.app.lastScalingAt ?? null,
  };
}

/** Validates a policy spec as the deploy manifest would; the error names every bad parameter. */
function parsePolicyConfig(spec: AutoscalingSpec | Record<string, unknown>): PolicyConfig {
  const parsed = AutoscalingSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'policy';
      return issue.code === 'unrecognized_keys'
        ? `unknown parameter(s) ${issue.keys.join(', ')}`
        : `${where}: ${issue.message}`;
    });
    throw new SimulationConfigError(`invalid policy parameters: ${problems.join('; ')}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The real policy engine (the scale function's `decide`) as the simulator drives it. */
function enginePolicy(label: string, config: PolicyConfig): SimPolicy {
  return {
    label,
    initialState: () => initialState(config),
    decide(state, input) {
      const result = decide(config, state as EngineState, observationOf(input));
      const desired = result.decision.action === 'none' ? input.app.instances : result.decision.desired;
      return { desired, state: result.state };
    },
  };
}

export { enginePolicy, observationOf, parsePolicyConfig };
