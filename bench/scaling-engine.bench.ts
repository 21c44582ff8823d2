/**
 * `npm run bench -- scaling-engine`: the cost of one scaling decision, which the scale function pays per app and
 * period and the simulator pays millions of times per sweep. Baseline (same run): validating the usage message
 * the decision is made from, a cost the function pays anyway.
 */
import {
  AutoscalingSpecSchema,
  decide,
  type EngineState,
  type Observation,
  policyConfigFromLabels,
} from '#shared/scaling/index.ts';
import { AppUsageMessageSchema } from '#shared/usage/index.ts';
import { type Figure, writeBenchResult } from './lib/results.ts';

/** Mean µs per call over `iterations`, after a warm-up. */
function timeMicros(iterations: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(1_000, iterations); i++) fn(i);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) fn(i);
  return ((performance.now() - started) * 1_000) / iterations;
}

const TASKS = 1_000;
const tasks = Array.from({ length: TASKS }, (_, i) => ({ cpu: 0.4 + ((i * 37) % 60) / 100, mem: 0.3 }));
const T0 = 1_764_000_000_000;
const observation = (i: number): Observation => ({
  now: T0 + i * 60_000,
  current: TASKS,
  tasks,
  tasksMissing: 3,
  deploymentInProgress: false,
  lastScalingAt: null,
});

// A target state with a full 240 s window of history, as in steady operation.
const target = AutoscalingSpecSchema.parse({ policy: 'target', maxInstances: 2_000 });
let state: EngineState | undefined;
for (let i = 0; i < 10; i++) state = decide(target, state, observation(i)).state;
const steady = state;

const figures: Figure[] = [];
const decideTarget = timeMicros(20_000, (i) => decide(target, steady, observation(10 + i)));
const threshold = AutoscalingSpecSchema.parse({ policy: 'threshold', maxInstances: 2_000 });
const decideThreshold = timeMicros(20_000, (i) => decide(threshold, undefined, observation(i)));

const message = JSON.stringify({
  version: 1,
  cycleId: 'bench',
  appId: '/bench',
  collectedAt: new Date(T0).toISOString(),
  instances: TASKS,
  tasksRunning: TASKS,
  tasksMissing: 0,
  agentsFailed: [],
  tasks: tasks.map((t, i) => ({ id: `bench.instance-${i}._app.1`, agentId: 'S0', ...t, intervalS: 60 })),
});
const parse = timeMicros(2_000, () => AppUsageMessageSchema.parse(JSON.parse(message)));
const labels = {
  'autopilot.enabled': 'true',
  'autopilot.policy': 'target',
  'autopilot.minInstances': '2',
  'autopilot.targetCpu': '75',
};
const fromLabels = timeMicros(20_000, () => policyConfigFromLabels(labels, { policy: 'target' }));

const baseline = { name: `parse + validate the ${TASKS}-task message`, value: parse };
figures.push(
  {
    name: `decide, target, ${TASKS} tasks, full window`,
    value: decideTarget,
    unit: 'µs',
    baseline,
    ratio: decideTarget / parse,
    goal: { op: '<=', target: 1, on: 'ratio' },
  },
  {
    name: `decide, threshold, ${TASKS} tasks`,
    value: decideThreshold,
    unit: 'µs',
    baseline,
    ratio: decideThreshold / parse,
    goal: { op: '<=', target: 1, on: 'ratio' },
  },
  { name: 'policy config from labels', value: fromLabels, unit: 'µs', goal: { op: '<', target: 1_000, on: 'value' } },
);

const result = await writeBenchResult({
  name: 'scaling-engine',
  title: 'Scaling engine: cost of one decision',
  figures,
  notes: [
    'Goal: a decision costs no more than validating the message it is made from, so the policy is never the bottleneck of the scale function or the simulator.',
  ],
});
for (const f of result.figures) console.log(`${f.name}: ${f.value.toFixed(1)} ${f.unit}`);
