/**
 * A small horizontal bar chart as standalone SVG (no dependencies), for bench results: one bar per row with an
 * optional min–max whisker, and an optional dashed goal line.
 */

interface Bar {
  label: string;
  /** The bar's length (e.g. the median). */
  value: number;
  min?: number | undefined;
  max?: number | undefined;
  colour?: string | undefined;
}

interface BarChartOptions {
  title: string;
  unit: string;
  goal?: { value: number; label: string } | undefined;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return (
    [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((f) => f * magnitude).find((candidate) => candidate >= value) ?? value
  );
}

function renderBarChart(bars: readonly Bar[], options: BarChartOptions): string {
  const labelWidth = 250;
  const plotWidth = 520;
  const rowHeight = 26;
  const top = 52;
  const height = top + bars.length * rowHeight + 40;
  const highest = Math.max(...bars.map((b) => b.max ?? b.value), options.goal?.value ?? 0);
  const axisMax = niceMax(highest * 1.05);
  const x = (v: number) => labelWidth + (v / axisMax) * plotWidth;
  const rows = bars.map((bar, i) => {
    const y = top + i * rowHeight;
    const whisker =
      bar.min !== undefined && bar.max !== undefined
        ? `<line x1="${x(bar.min)}" x2="${x(bar.max)}" y1="${y + 10}" y2="${y + 10}" stroke="#333" stroke-width="1.5"/>`
        : '';
    return [
      `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${x(bar.value) - labelWidth}" height="14" fill="${bar.colour ?? '#4e79a7'}"/>`,
      whisker,
      `<text x="${x(Math.max(bar.value, bar.max ?? 0)) + 6}" y="${y + 14}">${bar.value.toFixed(0)} ${escapeXml(options.unit)}</text>`,
    ].join('');
  });
  const ticks = Array.from({ length: 6 }, (_, i) => (axisMax * i) / 5).map(
    (v) =>
      `<line x1="${x(v)}" x2="${x(v)}" y1="${top}" y2="${height - 34}" stroke="#ddd"/>` +
      `<text x="${x(v)}" y="${height - 20}" text-anchor="middle">${Number(v.toPrecision(3))}</text>`,
  );
  const goal = options.goal
    ? `<line x1="${x(options.goal.value)}" x2="${x(options.goal.value)}" y1="${top - 6}" y2="${height - 34}" stroke="#e15759" stroke-dasharray="5,3" stroke-width="1.5"/>` +
      `<text x="${x(options.goal.value)}" y="${top - 10}" text-anchor="middle" fill="#e15759">${escapeXml(options.goal.label)}</text>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 90}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
    ...ticks,
    ...rows,
    goal,
    `<text x="${labelWidth + plotWidth / 2}" y="${height - 4}" text-anchor="middle">${escapeXml(options.unit)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

export type { Bar, BarChartOptions };
export { renderBarChart };
