import {
  type AutoscalingSpec,
  AutoscalingSpecSchema,
  decide,
  type EngineState,
  initialState,
  type Observation,
  observationFrom,
  type PolicyConfig,
} from '#shared/scaling/index.ts';
import { SimulationConfigError } from './errors.ts';
import type { Measurement, SimPolicy } from './types.ts';

/** The Observation the scale function would build from the same collector message and app. */
function observationOf(input: Measurement): Observation {
  return observationFrom(input.app, input.message, input.nowMs);
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
