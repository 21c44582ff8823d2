import type { RunResult } from './types.ts';

/**
 * A hand-written SVG a browser opens: one panel per run, stacked, sharing the time axis. Each panel shows demand,
 * ready capacity, provisioned instances (right axis, in instances) and the scaling actions (▲ up, ▼ down).
 */
interface ChartOptions {
  readonly title: string;
  readonly cpusPerInstance: number;
}

const WIDTH = 960;
const PANEL_HEIGHT = 220;
const MARGIN = { left: 64, right: 64, top: 56, gap: 48, bottom: 40 };
const COLORS = { demand: '#6b7280', ready: '#2563eb', instances: '#ea580c', up: '#16a34a', down: '#dc2626' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw);
  return step ?? power * 10;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

function renderPanel(run: RunResult, top: number, options: ChartOptions, scale: { maxT: number; maxCpu: number }) {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const x = (t: number) => MARGIN.left + (t / scale.maxT) * plotW;
  const y = (cpu: number) => top + PANEL_HEIGHT - (cpu / scale.maxCpu) * PANEL_HEIGHT;
  const parts: string[] = [];
  const cpuStep = niceStep(scale.maxCpu, 5);
  for (let v = 0; v <= scale.maxCpu + 1e-9; v += cpuStep) {
    parts.push(`<line x1="${x(0)}" x2="${x(scale.maxT)}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
    const instances = v / options.cpusPerInstance;
    parts.push(`<text x="${x(scale.maxT) + 6}" y="${y(v) + 4}">${fmt(Math.round(instances * 10) / 10)}</text>`);
  }
  /** A step line; points that keep the previous height are left out (a day has 1,440 of them per line). */
  const stepPath = (value: (p: RunResult['series'][number]) => number) => {
    const segments: string[] = [];
    let last = '';
    for (const p of run.series) {
      const py = y(value(p)).toFixed(1);
      if (segments.length === 0) segments.push(`M${x(p.t).toFixed(1)},${py}`);
      else if (py !== last) segments.push(`H${x(p.t).toFixed(1)} V${py}`);
      last = py;
    }
    const end = run.series.at(-1);
    if (end && segments.length > 0) segments.push(`H${x(end.t).toFixed(1)}`);
    return segments.join(' ');
  };
  const path = (d: string, color: string, extra = '') =>
    `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${extra}/>`;
  parts.push(
    path(
      stepPath((p) => p.demand),
      COLORS.demand,
    ),
  );
  parts.push(
    path(
      stepPath((p) => p.readyCapacity),
      COLORS.ready,
    ),
  );
  parts.push(
    path(
      stepPath((p) => p.instances * options.cpusPerInstance),
      COLORS.instances,
      ' stroke-dasharray="4 3"',
    ),
  );
  for (const action of run.actions) {
    const up = action.to > action.from;
    const cx = x(action.t);
    const tip = up ? `M${cx - 4},${top + 10} L${cx + 4},${top + 10} L${cx},${top + 2} Z` : '';
    const down = `M${cx - 4},${top + 2} L${cx + 4},${top + 2} L${cx},${top + 10} Z`;
    parts.push(
      `<path d="${up ? tip : down}" fill="${up ? COLORS.up : COLORS.down}"><title>${fmt(action.t / 3600)} h: ${action.from} → ${action.to}</title></path>`,
    );
  }
  const m = run.metrics;
  const caption = `${run.policy} — overload ${fmt(Math.round(m.overloadSeconds))} s, ${m.instanceHours.toFixed(1)} instance-h, ${m.actions} actions`;
  parts.push(`<text x="${MARGIN.left}" y="${top - 8}" font-weight="bold">${escapeXml(caption)}</text>`);
  parts.push(
    `<rect x="${MARGIN.left}" y="${top}" width="${plotW}" height="${PANEL_HEIGHT}" fill="none" stroke="#9ca3af"/>`,
  );
  parts.push(
    `<text transform="translate(16,${top + PANEL_HEIGHT / 2}) rotate(-90)" text-anchor="middle">CPU (cores)</text>`,
  );
  parts.push(
    `<text transform="translate(${WIDTH - 14},${top + PANEL_HEIGHT / 2}) rotate(90)" text-anchor="middle">instances</text>`,
  );
  return parts.join('\n');
}

function renderTimeAxis(bottom: number, maxT: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const hours = maxT / 3600;
  const step = niceStep(hours, 8);
  const parts: string[] = [];
  for (let h = 0; h <= hours + 1e-9; h += step) {
    const px = MARGIN.left + ((h * 3600) / maxT) * plotW;
    parts.push(`<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 5}" stroke="#374151"/>`);
    parts.push(`<text x="${px}" y="${bottom + 18}" text-anchor="middle">${fmt(h)}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${bottom + 34}" text-anchor="middle">time (h)</text>`);
  return parts.join('\n');
}

function renderLegend(): string {
  const items: [string, string, string][] = [
    ['demand', COLORS.demand, ''],
    ['ready capacity', COLORS.ready, ''],
    ['provisioned instances', COLORS.instances, ' stroke-dasharray="4 3"'],
  ];
  const lines = items.map(([label, color, dash], i) => {
    const lx = MARGIN.left + i * 190;
    return `<line x1="${lx}" x2="${lx + 24}" y1="34" y2="34" stroke="${color}" stroke-width="2"${dash}/><text x="${lx + 30}" y="38">${label}</text>`;
  });
  const lx = MARGIN.left + 3 * 190;
  lines.push(
    `<path d="M${lx},38 L${lx + 8},38 L${lx + 4},30 Z" fill="${COLORS.up}"/><text x="${lx + 12}" y="38">scale up</text>`,
  );
  lines.push(
    `<path d="M${lx + 80},30 L${lx + 88},30 L${lx + 84},38 Z" fill="${COLORS.down}"/><text x="${lx + 92}" y="38">scale down</text>`,
  );
  return lines.join('\n');
}

function renderChart(runs: readonly RunResult[], options: ChartOptions): string {
  const maxT = Math.max(60, ...runs.flatMap((run) => run.series.map((p) => p.t)));
  const peaks = runs.flatMap((run) =>
    run.series.map((p) => Math.max(p.demand, p.readyCapacity, p.instances * options.cpusPerInstance)),
  );
  const maxCpu = niceStep(Math.max(0.5, ...peaks) * 1.05, 5) * 5;
  const panelTops = runs.map((_, i) => MARGIN.top + 20 + i * (PANEL_HEIGHT + MARGIN.gap));
  const height = (panelTops.at(-1) ?? MARGIN.top) + PANEL_HEIGHT + MARGIN.bottom + 10;
  const panels = runs.map((run, i) => renderPanel(run, panelTops[i] ?? 0, options, { maxT, maxCpu }));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    renderLegend(),
    ...panels,
    renderTimeAxis((panelTops.at(-1) ?? 0) + PANEL_HEIGHT, maxT),
    '</svg>',
    '',
  ].join('\n');
}

export type { ChartOptions };
export { escapeXml, renderChart };
