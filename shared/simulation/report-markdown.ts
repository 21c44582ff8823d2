import type { BenchResult, GoalCheck, Totals } from './benchmark.ts';

const fmtInt = (value: number) => Math.round(value).toLocaleString('en-US');
const fmtRatio = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}×`);
const mark = (met: boolean) => (met ? '✅' : '❌');

function ratio(mine: number, theirs: number): number | null {
  if (theirs === 0) return mine === 0 ? 1 : null;
  return mine / theirs;
}

function traceTable(result: BenchResult, trace: string, ids: { seed: string; hpa: string }): string[] {
  const byPeer = result.totals[trace] ?? {};
  const seed = byPeer[ids.seed] as Totals;
  const hpa = byPeer[ids.hpa] as Totals;
  const lines = [
    '| policy | overload-s | saturated-s | instance-h | actions | worst overload | overload ÷ seed | inst-h ÷ HPA | actions ÷ seed | actions ÷ HPA |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const peer of result.peers) {
    const t = byPeer[peer.id] as Totals;
    lines.push(
      [
        '',
        peer.label,
        fmtInt(t.overloadSeconds),
        fmtInt(t.saturatedSeconds),
        t.instanceHours.toFixed(1),
        String(t.actions),
        t.worstOverload === null ? '∞' : `${t.worstOverload.toFixed(2)}×`,
        fmtRatio(ratio(t.overloadSeconds, seed.overloadSeconds)),
        fmtRatio(ratio(t.instanceHours, hpa.instanceHours)),
        fmtRatio(ratio(t.actions, seed.actions)),
        fmtRatio(ratio(t.actions, hpa.actions)),
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines;
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
  return `${lines.join('\n')}\n`;
}

export { renderBenchMarkdown };
