import { setTimeout as sleep } from 'node:timers/promises';
import { COLLECT_LOG, COLLECT_SUMMARY_FIELDS as F } from '../logging/log-names.ts';
import { logger as defaultLogger, type Logger } from '../logging/logger.ts';
import type { MarathonClient } from '../marathon/client.ts';
import type { MesosClient } from '../mesos/client.ts';
import { agentsNeedingSecondSample, assembleCycle } from './assemble.ts';
import type { AgentAddressPolicy } from './cidr.ts';
import type { CounterStore } from './counter-store.ts';
import { type CounterState, emptyCounterState } from './counters.ts';
import { type AgentProblem, planPolls, watchedApps } from './plan.ts';
import { pollAgents } from './poller.ts';
import type { UsageSender } from './sender.ts';

/**
 * One collect cycle: Marathon apps + Mesos agents → per-app usage messages on the FIFO queue, counters kept in S3.
 * Only the Marathon and master listings are fatal; agent, S3 and SQS trouble is reported and the cycle completes.
 */

interface CollectDeps {
  marathon: Pick<MarathonClient, 'listApps'>;
  mesos: Pick<MesosClient, 'listAgents' | 'agentStatistics'>;
  counters: CounterStore;
  sender: Pick<UsageSender, 'send'>;
  logger?: Logger;
}

interface CollectOptions {
  /** Apps opt in with this label set to 'true' (AUTOSCALE_LABEL). */
  autoscaleLabel: string;
  /** Agent addresses allowed (AGENT_ALLOWED_CIDRS). */
  agentPolicy: AgentAddressPolicy;
  /** AGENT_CONCURRENCY. */
  agentConcurrency: number;
  /** Wait before the second sample of tasks with no usable previous counters (SECOND_SAMPLE_DELAY_MS). */
  secondSampleDelayMs: number;
  /** Previous counters older than this are not used (COUNTERS_MAX_AGE_S). */
  countersMaxAgeS: number;
  /** **Default:** the cycle's start time, ISO 8601. */
  cycleId?: string | undefined;
  /** The invocation deadline: polling stops when it fires; sending and saving use the remaining margin. */
  signal?: AbortSignal | undefined;
}

interface CollectSummary {
  cycleId: string;
  agentsPolled: number;
  agentsResampled: number;
  agentsFailed: AgentProblem[];
  apps: number;
  tasks: number;
  tasksMissing: number;
  messages: number;
  messagesFailed: number;
  durationMs: number;
  /** Where the time went: listings (Marathon, master, counters), first sample, pause + second sample, send + save. */
  phasesMs: { list: number; poll: number; resample: number; send: number };
}

const MAX_LOGGED_FAILURES = 100;

async function loadCounters(store: CounterStore, log: Logger): Promise<CounterState> {
  try {
    return await store.load();
  } catch (error) {
    log.warn(COLLECT_LOG.countersUnreadable, { reason: error });
    return emptyCounterState();
  }
}

async function saveCounters(store: CounterStore, state: CounterState, log: Logger): Promise<void> {
  try {
    await store.save(state);
  } catch (error) {
    log.error(COLLECT_LOG.countersNotSaved, { reason: error });
  }
}

/** Waits for the second sample unless the deadline fires first (then there is no second sample). */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
    return true;
  } catch {
    return false;
  }
}

async function runCollectCycle(deps: CollectDeps, options: CollectOptions): Promise<CollectSummary> {
  const log = deps.logger ?? defaultLogger;
  const started = Date.now();
  const cycleId = options.cycleId ?? new Date(started).toISOString();
  const { signal } = options;
  const marks = [started];
  const mark = () => marks.push(Date.now());
  const [apps, agents, previous] = await Promise.all([
    deps.marathon.listApps({ embedTasks: true, signal }),
    deps.mesos.listAgents({ signal }),
    loadCounters(deps.counters, log),
  ]);
  const watched = watchedApps(apps, options.autoscaleLabel);
  const plan = planPolls(watched, agents, options.agentPolicy);
  for (const problem of plan.skipped.values()) {
    log.warn(COLLECT_LOG.agentSkipped, { cycleId, agentId: problem.id, reason: problem.reason });
  }
  const poll = { concurrency: options.agentConcurrency, signal };
  mark();
  const first = await pollAgents(deps.mesos, plan.agents, poll);
  mark();
  const again = agentsNeedingSecondSample(watched, plan, first, previous, options.countersMaxAgeS);
  const second =
    again.size > 0 && (await pause(options.secondSampleDelayMs, signal))
      ? await pollAgents(
          deps.mesos,
          plan.agents.filter((agent) => again.has(agent.id)),
          poll,
        )
      : new Map();
  for (const [sampleNo, samples] of [
    [1, first],
    [2, second],
  ] as const) {
    for (const [agentId, sample] of samples) {
      if (!sample.ok) log.warn(COLLECT_LOG.agentFailed, { cycleId, agentId, sample: sampleNo, reason: sample.reason });
    }
  }
  mark();
  const collectedAt = new Date().toISOString();
  const result = assembleCycle({
    watched,
    plan,
    first,
    second,
    previous,
    maxAgeS: options.countersMaxAgeS,
    cycleId,
    collectedAt,
  });
  const [report] = await Promise.all([
    deps.sender.send(result.messages),
    saveCounters(deps.counters, result.counters, log),
  ]);
  for (const failure of report.failed) log.error(COLLECT_LOG.sendFailed, { cycleId, ...failure });
  mark();
  const [t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0] = marks;
  const summary: CollectSummary = {
    cycleId,
    agentsPolled: plan.agents.length,
    agentsResampled: second.size,
    agentsFailed: result.agentsFailed,
    apps: watched.length,
    tasks: result.tasks,
    tasksMissing: result.tasksMissing,
    messages: report.sent,
    messagesFailed: report.failed.length,
    durationMs: t4 - t0,
    phasesMs: { list: t1 - t0, poll: t2 - t1, resample: t3 - t2, send: t4 - t3 },
  };
  log.info(COLLECT_LOG.cycleSummary, {
    [F.cycleId]: summary.cycleId,
    [F.agentsPolled]: summary.agentsPolled,
    [F.agentsResampled]: summary.agentsResampled,
    // Capped so a cluster-wide outage still fits one CloudWatch event (256 KB); the count is exact.
    [F.agentsFailed]: summary.agentsFailed
      .slice(0, MAX_LOGGED_FAILURES)
      .map((problem) => ({ id: problem.id, reason: problem.reason.slice(0, 300) })),
    [F.agentsFailedCount]: summary.agentsFailed.length,
    [F.apps]: summary.apps,
    [F.tasks]: summary.tasks,
    [F.tasksMissing]: summary.tasksMissing,
    [F.messages]: summary.messages,
    [F.messagesFailed]: summary.messagesFailed,
    [F.durationMs]: summary.durationMs,
    [F.phasesMs]: summary.phasesMs,
  });
  return summary;
}

export type { CollectDeps, CollectOptions, CollectSummary };
export { runCollectCycle };
