import type { BenchResult, GoalCheck, Totals } from './benchmark.ts';

const fmtInt = (value: number) => Math.round(value).toLocaleString('en-US');
const fmtRatio = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}×`);
const mark = (met: boolean) => (met ? '✅' : '❌');

function ratio(mine: number, theirs: number): number | null {
  if (theirs === 0) return mine === 0 ? 1 : null;
  return mine / theirs;
}

interface TotalsRow {
  readonly label: string;
  readonly totals: Totals;
}

/** One row per policy with ratios against the seed rule and the HPA-style rule. */
function totalsTable(rows: readonly TotalsRow[], ref: { seed: Totals; hpa: Totals }): string[] {
  const lines = [
    '| policy | overload-s | saturated-s | instance-h | actions | worst overload | overload ÷ seed | inst-h ÷ HPA | actions ÷ seed | actions ÷ HPA |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { label, totals: t } of rows) {
    const cells = [
      label,
      fmtInt(t.overloadSeconds),
      fmtInt(t.saturatedSeconds),
      t.instanceHours.toFixed(1),
      String(t.actions),
      t.worstOverload === null ? '∞' : `${t.worstOverload.toFixed(2)}×`,
      fmtRatio(ratio(t.overloadSeconds, ref.seed.overloadSeconds)),
      fmtRatio(ratio(t.instanceHours, ref.hpa.instanceHours)),
      fmtRatio(ratio(t.actions, ref.seed.actions)),
      fmtRatio(ratio(t.actions, ref.hpa.actions)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function traceTable(result: BenchResult, trace: string, ids: { seed: string; hpa: string }): string[] {
  const byPeer = result.totals[trace] ?? {};
  const rows = result.peers.map((peer) => ({ label: peer.label, totals: byPeer[peer.id] as Totals }));
  return totalsTable(rows, { seed: byPeer[ids.seed] as Totals, hpa: byPeer[ids.hpa] as Totals });
}

function goalTable(checks: readonly GoalCheck[], seedLabel: string): string[] {
  const lines = [
    `| trace | overload ≤ 0.5× ${seedLabel} | instance-h ≤ HPA-style | fewer actions than both |`,
    '|---|---|---|---|',
  ];
  for (const check of checks) {
    lines.push(
      `| ${check.trace} | ${mark(check.overloadMet)} ${fmtRatio(check.overloadVsSeed)} | ${mark(check.instanceHoursMet)} ${fmtRatio(check.instanceHoursVsHpa)} | ${mark(check.actionsMet)} |`,
    );
  }
  return lines;
}

/**
 * The benchmark's markdown: how it was run, one table per trace family and the total, then the goals of the
 * candidate against each variant of the seed rule (summed over seeds).
 */
function renderBenchMarkdown(
  result: BenchResult,
  options: {
    candidateLabel: string;
    ids: { seed: string; hpa: string };
    goals: readonly { seedLabel: string; checks: readonly GoalCheck[] }[];
    preamble: readonly string[];
    /** Further markdown lines (suggestions, trade-off curves) appended at the end. */
    extra?: readonly string[];
  },
): string {
  const lines = ['# Autoscaling benchmark', '', ...options.preamble, '', '## Policies', ''];
  for (const peer of result.peers) lines.push(`- **${peer.label}** (\`${JSON.stringify(peer.spec)}\`): ${peer.note}`);
  for (const trace of [...result.traces, 'total']) {
    const title = trace === 'total' ? 'Total (every family)' : `Trace family: ${trace}`;
    lines.push('', `## ${title}`, '', ...traceTable(result, trace, options.ids));
  }
  lines.push('', `## Goals for ${options.candidateLabel}`);
  for (const goal of options.goals) {
    lines.push('', `Against ${goal.seedLabel}:`, '', ...goalTable(goal.checks, goal.seedLabel));
  }
  if (options.extra) lines.push('', ...options.extra);
  return `${lines.join('\n')}\n`;
}

export type { TotalsRow };
export { renderBenchMarkdown, totalsTable };
