/**
 * The snippet in docs/scaling.md, type-checked: one decision for an app with 4 instances at 95 % CPU, then the
 * state handed to the next period. Run it: `node examples/scaling/decide.ts`.
 */
import { AutoscalingSpecSchema, decide, type Observation } from '#shared/scaling/index.ts';

const config = AutoscalingSpecSchema.parse({ policy: 'target', minInstances: 2, maxInstances: 20 });
const observation: Observation = {
  now: Date.now(),
  current: 4,
  tasks: [0.95, 0.97, 0.93, 0.96].map((cpu) => ({ cpu, mem: 0.4 })),
  tasksMissing: 0,
  deploymentInProgress: false,
  lastScalingAt: null,
};

const { decision, state } = decide(config, undefined, observation);
console.log(`${decision.action}: ${decision.current} → ${decision.desired} (${decision.reasonText})`);
console.log(`state for the next period: ${JSON.stringify(state)}`);
