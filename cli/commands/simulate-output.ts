import type { RunMetrics, Trace } from '#shared/simulation/index.ts';

/** Plain text table: first column left-aligned, the rest right-aligned. */
function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const METRIC_HEADERS = ['overload-s', 'saturated-s', 'instance-h', 'actions', 'worst', 'mean inst', 'max inst'];

function metricCells(metrics: RunMetrics): string[] {
  return [
    String(Math.round(metrics.overloadSeconds)),
    String(Math.round(metrics.saturatedSeconds)),
    metrics.instanceHours.toFixed(1),
    String(metrics.actions),
    metrics.worstOverload === null ? '∞' : `${metrics.worstOverload.toFixed(2)}×`,
    metrics.meanInstances.toFixed(1),
    String(metrics.maxInstances),
  ];
}

function describeTrace(trace: Trace, seed: number | undefined): string {
  const hours = (trace.demand.length * trace.stepS) / 3600;
  const peak = Math.max(...trace.demand);
  const from = seed === undefined ? '' : `seed ${seed}, `;
  return `trace ${trace.name} (${from}${hours.toFixed(1)} h, sample every ${trace.stepS} s, peak ${peak.toFixed(2)} CPU-s/s)`;
}

export { describeTrace, formatTable, METRIC_HEADERS, metricCells };
