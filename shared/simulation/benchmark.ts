import type { AppModelInput } from './model.ts';
import { parseAppModel } from './model.ts';
import { type Peer, peerPolicy } from './peers.ts';
import { simulate } from './run.ts';
import { generateTrace } from './trace-families.ts';
import type { RunMetrics, RunResult } from './types.ts';

/** Summed over seeds (overload, instance-hours, actions) or worst-of (worst overload). */
interface Totals {
  readonly overloadSeconds: number;
  readonly saturatedSeconds: number;
  readonly instanceHours: number;
  readonly actions: number;
  readonly worstOverload: number | null;
}

interface BenchRun {
  readonly trace: string;
  readonly seed: number;
  readonly peer: string;
  readonly metrics: RunMetrics;
}

interface BenchResult {
  readonly seeds: readonly number[];
  readonly traces: readonly string[];
  readonly peers: readonly Peer[];
  readonly runs: readonly BenchRun[];
  /** totals[trace][peer]; trace `total` sums every family. */
  readonly totals: Readonly<Record<string, Readonly<Record<string, Totals>>>>;
  /** The first seed's run of every peer per trace, for charts. */
  readonly charted: Readonly<Record<string, readonly RunResult[]>>;
}

function sumTotals(items: readonly Totals[]): Totals {
  const worsts = items.map((item) => item.worstOverload);
  return {
    overloadSeconds: items.reduce((sum, item) => sum + item.overloadSeconds, 0),
    saturatedSeconds: items.reduce((sum, item) => sum + item.saturatedSeconds, 0),
    instanceHours: items.reduce((sum, item) => sum + item.instanceHours, 0),
    actions: items.reduce((sum, item) => sum + item.actions, 0),
    worstOverload: worsts.includes(null) ? null : Math.max(0, ...(worsts as number[])),
  };
}

/** Every peer on every trace family and seed, each trace's model seeded like the trace. */
function runBenchmark(options: {
  traces: readonly string[];
  seeds: readonly number[];
  peers: readonly Peer[];
  model?: AppModelInput;
}): BenchResult {
  const { traces, seeds, peers } = options;
  const runs: BenchRun[] = [];
  const charted: Record<string, RunResult[]> = {};
  for (const name of traces) {
    for (const seed of seeds) {
      const trace = generateTrace(name, seed);
      const model = parseAppModel({ ...options.model, seed }, trace.demand[0] ?? 0);
      for (const peer of peers) {
        const result = simulate(trace, peerPolicy(peer), model);
        runs.push({ trace: name, seed, peer: peer.id, metrics: result.metrics });
        if (seed === seeds[0]) charted[name] = [...(charted[name] ?? []), result];
      }
    }
  }
  const totals: Record<string, Record<string, Totals>> = {};
  for (const name of [...traces, 'total']) {
    totals[name] = {};
    for (const peer of peers) {
      const mine = runs.filter((run) => run.peer === peer.id && (name === 'total' || run.trace === name));
      totals[name][peer.id] = sumTotals(mine.map((run) => run.metrics));
    }
  }
  return { seeds, traces, peers, runs, totals, charted };
}

interface GoalCheck {
  readonly trace: string;
  readonly overloadVsSeed: number | null;
  readonly overloadMet: boolean;
  readonly instanceHoursVsHpa: number;
  readonly instanceHoursMet: boolean;
  readonly actionsMet: boolean;
}

/**
 * The goals for `candidate`: overload-seconds ≤ 0.5× the seed rule's, instance-hours ≤ the HPA-style
 * rule's, and fewer actions than both. A 0 vs 0 overload meets the goal (ratio null: nothing to halve).
 */
function checkGoals(result: BenchResult, ids: { candidate: string; seed: string; hpa: string }): GoalCheck[] {
  return Object.entries(result.totals).map(([trace, byPeer]) => {
    const mine = byPeer[ids.candidate];
    const seed = byPeer[ids.seed];
    const hpa = byPeer[ids.hpa];
    if (!mine || !seed || !hpa) throw new Error(`goal check needs peers ${Object.values(ids).join(', ')}`);
    const overloadVsSeed = seed.overloadSeconds > 0 ? mine.overloadSeconds / seed.overloadSeconds : null;
    return {
      trace,
      overloadVsSeed,
      overloadMet: mine.overloadSeconds <= 0.5 * seed.overloadSeconds,
      instanceHoursVsHpa: mine.instanceHours / hpa.instanceHours,
      instanceHoursMet: mine.instanceHours <= hpa.instanceHours,
      actionsMet: mine.actions < seed.actions && mine.actions < hpa.actions,
    };
  });
}

export type { BenchResult, BenchRun, GoalCheck, Totals };
export { checkGoals, runBenchmark, sumTotals };
