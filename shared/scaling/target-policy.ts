import type { TargetConfig } from './spec.ts';
import { cpuSamples, mean, memSamples } from './summary.ts';
import type { Observation, Recommendation, TargetState } from './types.ts';

/** Keeps state small however often the engine runs. */
const MAX_HISTORY = 120;

/**
 * The HPA's replica calculation for one metric. `samples` are fractions of the limit, `target` too.
 * Tasks without a sample are filled in conservatively: at full load (1.0) when the others say "scale down",
 * at 0 when they say "scale up"; if that flips the direction or lands in the tolerance band, no change.
 */
function replicasFor(
  samples: readonly number[],
  missing: number,
  target: number,
  tolerance: number,
  current: number,
): number | null {
  const observed = mean(samples);
  if (observed === null) return null;
  const ratio = observed / target;
  if (missing === 0) {
    return Math.abs(ratio - 1) <= tolerance ? current : Math.ceil(ratio * current);
  }
  const fill = ratio < 1 ? 1 : 0;
  const filled = [...samples, ...Array.from({ length: missing }, () => fill)];
  const newRatio = (mean(filled) as number) / target;
  if (Math.abs(newRatio - 1) <= tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
    return current;
  }
  const proposed = Math.ceil(newRatio * filled.length);
  if ((newRatio < 1 && proposed > current) || (newRatio > 1 && proposed < current)) return current;
  return proposed;
}

/**
 * `count × percent ÷ 100` multiplied before dividing, and rounded with a tolerance: `35 × (1 − 0.8)` in floating
 * point is 6.999…, which truncation turned into a 29-instance cut where 80 % of 35 allows 28.
 */
const EPSILON = 1e-9;
const percentOf = (count: number, percent: number): number => (count * percent) / 100;

/** HPA rate limits: at most max(upMaxPods, upMaxPercent %) added, downMaxPercent % removed, per period. */
function rateLimit(config: TargetConfig, state: TargetState, now: number, current: number, desired: number): number {
  if (desired > current) {
    const added = state.events
      .filter((e) => e.change > 0 && e.at > now - config.upPeriodS * 1000)
      .reduce((sum, e) => sum + e.change, 0);
    const start = current - added;
    const limit = Math.max(start + config.upMaxPods, Math.ceil(percentOf(start, 100 + config.upMaxPercent) - EPSILON));
    return Math.min(desired, Math.max(limit, current));
  }
  const deleted = state.events
    .filter((e) => e.change < 0 && e.at > now - config.downPeriodS * 1000)
    .reduce((sum, e) => sum - e.change, 0);
  const start = current + deleted;
  const limit = Math.floor(percentOf(start, 100 - config.downMaxPercent) + EPSILON);
  return Math.max(desired, Math.min(limit, current));
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`;
}

/**
 * Target tracking as the Kubernetes HPA does it: desired = ceil(current × utilisation ÷ target) per metric
 * (the larger wins), a tolerance band, stabilisation windows (scale down only to the highest recommendation
 * of the last downStabilisationS), then rate limits per period.
 */
function recommendTarget(
  config: TargetConfig,
  state: TargetState,
  observation: Observation,
): Recommendation<TargetState> {
  const { now, current, tasks, tasksMissing } = observation;
  const cpu = cpuSamples(tasks);
  const cpuRaw = replicasFor(
    cpu,
    tasksMissing + tasks.length - cpu.length,
    config.targetCpu / 100,
    config.tolerance,
    current,
  ) as number;
  let raw = cpuRaw;
  let seen = `mean CPU ${pct(mean(cpu))} vs target ${config.targetCpu} %`;
  if (config.targetMem !== undefined) {
    const mem = memSamples(tasks);
    const memRaw = replicasFor(
      mem,
      tasksMissing + tasks.length - mem.length,
      config.targetMem / 100,
      config.tolerance,
      current,
    );
    if (memRaw !== null) raw = Math.max(raw, memRaw);
    seen += `, memory ${pct(mean(mem))} vs ${config.targetMem} %`;
  }

  const windowMs = Math.max(config.upStabilisationS, config.downStabilisationS) * 1000;
  const recommendations = [...state.recommendations.filter((r) => r.at > now - windowMs), { at: now, desired: raw }];
  let up = raw;
  let down = raw;
  for (const r of recommendations) {
    if (r.at > now - config.upStabilisationS * 1000) up = Math.min(up, r.desired);
    if (r.at > now - config.downStabilisationS * 1000) down = Math.max(down, r.desired);
  }
  const stabilised = Math.min(Math.max(current, up), down);
  const limited = stabilised === current ? current : rateLimit(config, state, now, current, stabilised);

  const eventWindowMs = Math.max(config.upPeriodS, config.downPeriodS) * 1000;
  const next: TargetState = {
    policy: 'target',
    recommendations: recommendations.slice(-MAX_HISTORY),
    events: state.events.filter((e) => e.at > now - eventWindowMs).slice(-MAX_HISTORY),
  };

  if (limited !== stabilised) {
    return {
      desired: limited,
      reason: limited > current ? 'above-target' : 'below-target',
      reasonText: `${seen}: wants ${stabilised}, rate limit allows ${limited} now`,
      blockedBy: 'max-change',
      state: next,
    };
  }
  if (stabilised !== raw) {
    return {
      desired: stabilised,
      reason: 'stabilising',
      reasonText: `${seen}: recommends ${raw}, stabilisation window keeps ${stabilised}`,
      state: next,
    };
  }
  if (raw === current) {
    return { desired: current, reason: 'within-tolerance', reasonText: `${seen}: within tolerance`, state: next };
  }
  return {
    desired: raw,
    reason: raw > current ? 'above-target' : 'below-target',
    reasonText: `${seen}: ${current} → ${raw}`,
    state: next,
  };
}

/** Remembers an applied change so later periods respect the rate limits. */
function recordTargetScaling(state: TargetState, now: number, change: number): TargetState {
  return { ...state, events: [...state.events, { at: now, change }].slice(-MAX_HISTORY) };
}

export { recommendTarget, recordTargetScaling, replicasFor };
