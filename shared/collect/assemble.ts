import type { MarathonTask } from '../marathon/schemas.ts';
import type { ExecutorStatistics } from '../mesos/schemas.ts';
import type { AppUsageMessage, TaskUsage } from '../usage/schemas.ts';
import type { CounterState } from './counters.ts';
import type { AgentProblem, PollPlan, WatchedApp } from './plan.ts';
import { baselineOf, baselineProblem, type ExecutorSample, taskFigures, toSample } from './utilisation.ts';

/**
 * Pure: samples of polled agents + previous counters → one usage message per watched app, and the next counters.
 */

/** One agent's answer in one sample: its executors by id, or why it gave none. */
type AgentSample = { ok: true; executors: Map<string, ExecutorSample> } | { ok: false; reason: string };

/**
 * Executors by `executor_id`, and by `source` where that differs (custom executors name the task there).
 * Marathon task ids are matched exactly against these keys; names are never guessed from prefixes.
 */
function indexExecutors(executors: readonly ExecutorStatistics[]): Map<string, ExecutorSample> {
  const index = new Map<string, ExecutorSample>();
  for (const executor of executors) index.set(executor.executor_id, toSample(executor.statistics));
  for (const executor of executors) {
    if (executor.source && !index.has(executor.source)) index.set(executor.source, toSample(executor.statistics));
  }
  return index;
}

function sampleOf(task: MarathonTask, plan: PollPlan, samples: ReadonlyMap<string, AgentSample>) {
  const agentId = plan.taskAgent.get(task.id);
  const sample = agentId === undefined ? undefined : samples.get(agentId);
  return sample?.ok ? sample.executors.get(task.id) : undefined;
}

/** Agents to sample a second time: those running a task with statistics but no usable previous counters. */
function agentsNeedingSecondSample(
  watched: readonly WatchedApp[],
  plan: PollPlan,
  first: ReadonlyMap<string, AgentSample>,
  previous: CounterState,
  maxAgeS: number,
): Set<string> {
  const agents = new Set<string>();
  for (const { tasks } of watched) {
    for (const task of tasks) {
      const sample = sampleOf(task, plan, first);
      if (sample === undefined) continue;
      if (baselineProblem(previous.executors[task.id], sample, task.startedAt, { maxAgeS }) !== undefined) {
        agents.add(plan.taskAgent.get(task.id) as string);
      }
    }
  }
  return agents;
}

interface AssembleInput {
  watched: readonly WatchedApp[];
  plan: PollPlan;
  first: ReadonlyMap<string, AgentSample>;
  /** Agents sampled again after SECOND_SAMPLE_DELAY_MS (a subset of `first`). */
  second: ReadonlyMap<string, AgentSample>;
  previous: CounterState;
  maxAgeS: number;
  cycleId: string;
  collectedAt: string;
}

interface AssembleResult {
  messages: AppUsageMessage[];
  counters: CounterState;
  /** Every agent that runs a watched task and did not answer a sample (failed, skipped or rejected). */
  agentsFailed: AgentProblem[];
  tasks: number;
  tasksMissing: number;
}

function failedAgents(input: AssembleInput): Map<string, AgentProblem> {
  const failed = new Map(input.plan.skipped);
  for (const [id, sample] of input.first) if (!sample.ok) failed.set(id, { id, reason: sample.reason });
  for (const [id, sample] of input.second) {
    if (!sample.ok && !failed.has(id)) failed.set(id, { id, reason: `second sample: ${sample.reason}` });
  }
  return failed;
}

/** Figures of one task: over [previous cycle, now] when the counters allow, else over the in-invocation pair. */
function usageOf(task: MarathonTask, input: AssembleInput, agentId: string) {
  const first = sampleOf(task, input.plan, input.first);
  if (first === undefined) return undefined;
  const second = sampleOf(task, input.plan, input.second);
  const stored = input.previous.executors[task.id];
  const latest = second ?? first;
  const usable =
    baselineProblem(stored, first, task.startedAt, { maxAgeS: input.maxAgeS }) === undefined ? stored : undefined;
  const baseline = usable ?? (second ? baselineOf(first, task.startedAt) : undefined);
  const usage: TaskUsage = { id: task.id, agentId, ...taskFigures(baseline, latest, task.startedAt) };
  return { usage, latest };
}

/** Builds every app's message and the counters for the next cycle. */
function assembleCycle(input: AssembleInput): AssembleResult {
  const failed = failedAgents(input);
  const executors: CounterState['executors'] = {};
  const messages: AppUsageMessage[] = [];
  let tasks = 0;
  let tasksMissing = 0;
  for (const { app, tasks: appTasks } of input.watched) {
    const usages: TaskUsage[] = [];
    const appFailed = new Set<string>();
    for (const task of appTasks) {
      const agentId = input.plan.taskAgent.get(task.id) ?? task.slaveId ?? task.host;
      if (failed.has(agentId)) appFailed.add(agentId);
      const measured = usageOf(task, input, agentId);
      const kept = measured ? baselineOf(measured.latest, task.startedAt) : input.previous.executors[task.id];
      if (kept) executors[task.id] = kept;
      if (measured) usages.push(measured.usage);
    }
    tasks += appTasks.length;
    tasksMissing += appTasks.length - usages.length;
    messages.push({
      version: 1,
      cycleId: input.cycleId,
      appId: app.id,
      collectedAt: input.collectedAt,
      instances: app.instances,
      tasksRunning: appTasks.length,
      tasksMissing: appTasks.length - usages.length,
      agentsFailed: [...appFailed].sort(),
      tasks: usages,
    });
  }
  return {
    messages,
    counters: { version: 1, savedAt: input.collectedAt, executors },
    agentsFailed: [...failed.values()],
    tasks,
    tasksMissing,
  };
}

export type { AgentSample, AssembleInput, AssembleResult };
export { agentsNeedingSecondSample, assembleCycle, indexExecutors };
