import type { AppUsageMessage } from '#shared/usage/index.ts';

/**
 * Demand over time, in CPU-seconds per second (cores busy if every request were served).
 * `demand[i]` holds over `[i * stepS, (i + 1) * stepS)` seconds from the start.
 */
interface Trace {
  readonly name: string;
  readonly stepS: number;
  readonly demand: readonly number[];
  /** Wall-clock time of sample 0 (epoch ms) when the trace was recorded; synthetic traces start at 2026-01-01. */
  readonly startMs: number;
}

/** The app and cluster being simulated. See docs/simulate.md for why each default was chosen. */
interface AppModel {
  /** CPU share of one instance (Marathon `cpus`); an instance serves up to this many CPU-seconds per second. */
  readonly cpusPerInstance: number;
  /** Seconds from a scale-up until the new instance serves (fetch, extract, start, health check). */
  readonly startupDelayS: number;
  /** Seconds between policy evaluations (the collect schedule). */
  readonly periodS: number;
  /** Relative standard deviation of each task's measured CPU fraction (0 = exact measurements). */
  readonly noise: number;
  /** Seed of the measurement noise. */
  readonly seed: number;
  /** Ready-capacity utilisation above which a second counts as overloaded (see metrics). */
  readonly overloadLimit: number;
  /** Instances running and ready at t = 0. */
  readonly initialInstances: number;
  /** Highest CPU fraction a task can report: a task at its cgroup limit cannot show its unmet demand. */
  readonly utilisationCap: number;
}

/** What Marathon says about the app at decision time (the scale function reads the same from the API). */
interface AppFacts {
  readonly instances: number;
  readonly deploymentInProgress: boolean;
  /** Epoch ms of the last scaling the simulator applied; undefined before the first. */
  readonly lastScalingAt: number | undefined;
}

/** One evaluation's input: the collector message as the collect function would have sent it, plus the app. */
interface Measurement {
  readonly nowMs: number;
  readonly message: AppUsageMessage;
  readonly app: AppFacts;
}

/** A policy as the simulator drives it; built from the real engine in engine-policy.ts. */
interface SimPolicy {
  /** Display name in tables and charts, e.g. `target (product default)`. */
  readonly label: string;
  initialState(): unknown;
  decide(state: unknown, input: Measurement): { readonly desired: number; readonly state: unknown };
}

/** One accounting step of the run, for charts. */
interface SeriesPoint {
  readonly t: number;
  readonly demand: number;
  readonly readyCapacity: number;
  readonly instances: number;
  readonly ready: number;
}

/** An applied scaling decision. */
interface ScalingAction {
  readonly t: number;
  readonly from: number;
  readonly to: number;
}

/** Totals of one run; docs/simulate.md defines each precisely. */
interface RunMetrics {
  readonly durationS: number;
  readonly overloadSeconds: number;
  readonly saturatedSeconds: number;
  readonly unservedCpuSeconds: number;
  readonly instanceHours: number;
  readonly actions: number;
  /** Highest demand / ready capacity seen; null when demand met zero ready instances. */
  readonly worstOverload: number | null;
  readonly meanInstances: number;
  readonly maxInstances: number;
}

interface RunResult {
  readonly trace: string;
  readonly policy: string;
  readonly metrics: RunMetrics;
  readonly series: readonly SeriesPoint[];
  readonly actions: readonly ScalingAction[];
}

export type { AppFacts, AppModel, Measurement, RunMetrics, RunResult, ScalingAction, SeriesPoint, SimPolicy, Trace };
