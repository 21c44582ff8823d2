import type { ResourceStatistics } from '../mesos/schemas.ts';

/**
 * Pure maths: cumulative Mesos counters into utilisation figures. No I/O here.
 * @see ../../shared/reference/mesos/README.md (CPU = Δ(user+system) / Δtimestamp / cpus_limit)
 */

/** What we keep of an executor's statistics at one instant. */
interface ExecutorSample {
  /** Cumulative user + system CPU seconds; `null` when the agent did not report both. */
  cpuSecs: number | null;
  /** Seconds since the epoch (the agent's clock). */
  ts: number;
  cpusLimit: number | null;
  memRssBytes: number | null;
  memLimitBytes: number | null;
}

/** The counters carried from one cycle to the next (persisted), per executor. */
interface CounterBaseline {
  cpuSecs: number;
  ts: number;
  /** Marathon's `startedAt` of the task when sampled: a different value means a new executor run. */
  startedAt?: string | null | undefined;
}

interface TaskFigures {
  cpu: number | null;
  mem: number | null;
  intervalS: number | null;
}

const positiveOrNull = (value: number | undefined): number | null =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : null;

const nonNegativeOrNull = (value: number | undefined): number | null =>
  value !== undefined && Number.isFinite(value) && value >= 0 ? value : null;

function toSample(stats: ResourceStatistics): ExecutorSample {
  const user = nonNegativeOrNull(stats.cpus_user_time_secs);
  const system = nonNegativeOrNull(stats.cpus_system_time_secs);
  return {
    cpuSecs: user === null || system === null ? null : user + system,
    ts: stats.timestamp,
    cpusLimit: positiveOrNull(stats.cpus_limit),
    memRssBytes: nonNegativeOrNull(stats.mem_rss_bytes),
    memLimitBytes: positiveOrNull(stats.mem_limit_bytes),
  };
}

/** Rounds to 4 decimals: plenty for a scaling decision, and keeps messages for thousands of tasks small. */
function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Why a baseline cannot give a figure with `current`, or `undefined` when it can.
 * A counter that went backwards, a different task start, or a clock that did not advance all mean a reset:
 * the pair would give a negative or huge number, so it gives none.
 */
function baselineProblem(
  baseline: CounterBaseline | undefined,
  current: ExecutorSample,
  startedAt: string | null | undefined,
  options: { maxAgeS?: number } = {},
): 'none' | 'restarted' | 'counter-reset' | 'clock' | 'stale' | undefined {
  if (baseline === undefined) return 'none';
  if (baseline.startedAt && startedAt && baseline.startedAt !== startedAt) return 'restarted';
  if (current.cpuSecs !== null && current.cpuSecs < baseline.cpuSecs) return 'counter-reset';
  if (!(current.ts > baseline.ts)) return 'clock';
  if (options.maxAgeS !== undefined && current.ts - baseline.ts > options.maxAgeS) return 'stale';
  return undefined;
}

/** CPU utilisation of `cpus_limit` between a baseline and a later sample; `null` when not measurable. */
function cpuBetween(
  baseline: CounterBaseline | undefined,
  current: ExecutorSample,
  startedAt?: string | null,
): { cpu: number | null; intervalS: number | null } {
  if (baseline === undefined || current.cpuSecs === null || current.cpusLimit === null) {
    return { cpu: null, intervalS: null };
  }
  if (baselineProblem(baseline, current, startedAt) !== undefined) return { cpu: null, intervalS: null };
  const intervalS = current.ts - baseline.ts;
  const cpu = (current.cpuSecs - baseline.cpuSecs) / intervalS / current.cpusLimit;
  if (!Number.isFinite(cpu) || cpu < 0) return { cpu: null, intervalS: null };
  return { cpu: round4(cpu), intervalS: round4(intervalS) };
}

/** rss / mem_limit; `null` without both. */
function memOf(sample: ExecutorSample): number | null {
  if (sample.memRssBytes === null || sample.memLimitBytes === null) return null;
  return round4(sample.memRssBytes / sample.memLimitBytes);
}

/** The figures of one task from its baseline and latest sample. */
function taskFigures(
  baseline: CounterBaseline | undefined,
  latest: ExecutorSample,
  startedAt?: string | null,
): TaskFigures {
  return { ...cpuBetween(baseline, latest, startedAt), mem: memOf(latest) };
}

/** The baseline to persist for the next cycle, or `undefined` when the sample has no CPU counters. */
function baselineOf(sample: ExecutorSample, startedAt?: string | null): CounterBaseline | undefined {
  if (sample.cpuSecs === null) return undefined;
  return startedAt ? { cpuSecs: sample.cpuSecs, ts: sample.ts, startedAt } : { cpuSecs: sample.cpuSecs, ts: sample.ts };
}

export type { CounterBaseline, ExecutorSample, TaskFigures };
export { baselineOf, baselineProblem, cpuBetween, memOf, round4, taskFigures, toSample };
