// Instances and CPU over time as inline SVG, with each scaling decision marked. Our own few lines instead of a chart
// library: nothing to download, nothing to build. chartModel() is pure (unit-tested in Node); renderChart() draws it.

const SVG = 'http://www.w3.org/2000/svg';
const PAD = { left: 40, right: 48, top: 22, bottom: 24 };

function timeLabel(t) {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** About `count` round tick values from 0 to max. */
function ticks(max, count) {
  const raw = max / count;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500].find((s) => s >= raw) ?? Math.ceil(raw);
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

/**
 * Geometry of the chart: SVG path strings and mark positions in a width × height box.
 * series: { instances: [{t, v}], cpu: [{t, v (fraction)}], marks: [{t, action, applied, current, desired, reasonText}] }
 */
function chartModel(series, { width, height, now }) {
  const times = [...series.instances, ...series.cpu, ...series.marks].map((p) => p.t);
  if (times.length === 0) return { empty: true, width, height };
  const t0 = Math.min(...times);
  const t1 = Math.max(now ?? t0, ...times);
  const span = Math.max(t1 - t0, 60_000);
  const maxInstances = Math.max(2, ...series.instances.map((p) => p.v), ...series.marks.map((m) => m.desired)) + 1;
  const maxCpu = Math.max(1, ...series.cpu.map((p) => p.v));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - t0) / span) * plotW;
  const yInst = (v) => PAD.top + plotH - (v / maxInstances) * plotH;
  const yCpu = (v) => PAD.top + plotH - (v / maxCpu) * plotH;
  const round = (n) => Math.round(n * 10) / 10;

  let instancesPath = '';
  series.instances.forEach((p, i) => {
    const prev = series.instances[i - 1];
    instancesPath += i === 0 ? `M${round(x(p.t))},${round(yInst(p.v))}` : `H${round(x(p.t))}V${round(yInst(p.v))}`;
    if (prev === undefined && series.instances.length === 1) instancesPath += `H${round(x(t1))}`;
  });
  const cpuPath = series.cpu.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(x(p.t))},${round(yCpu(p.v))}`).join('');
  const marks = series.marks.map((m) => ({
    x: round(x(m.t)),
    kind: m.action === 'scale-up' ? 'up' : m.action === 'scale-down' ? 'down' : 'none',
    title: `${timeLabel(m.t)} ${m.action} ${m.current}→${m.desired}${m.applied ? '' : ' (not applied)'}: ${m.reasonText ?? m.reason ?? ''}`,
  }));
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    x: round(PAD.left + f * plotW),
    label: timeLabel(t0 + f * span),
  }));
  const instanceTicks = ticks(maxInstances, 4).map((v) => ({ y: round(yInst(v)), label: String(v) }));
  const cpuTicks = ticks(maxCpu * 100, 4).map((v) => ({ y: round(yCpu(v / 100)), label: `${v}%` }));
  return {
    empty: false,
    width,
    height,
    plot: { left: PAD.left, right: width - PAD.right, top: PAD.top, bottom: PAD.top + plotH },
    instancesPath,
    cpuPath,
    marks,
    xTicks,
    instanceTicks,
    cpuTicks,
  };
}

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderChart(container, series, options = {}) {
  const width = options.width ?? 900;
  const height = options.height ?? 220;
  const model = chartModel(series, { width, height, now: options.now ?? Date.now() });
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
  if (model.empty) {
    svg.append(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'no decisions yet'));
    container.replaceChildren(svg);
    return;
  }
  const { plot } = model;
  svg.append(el('line', { class: 'axis', x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }));
  for (const tick of model.instanceTicks) {
    svg.append(el('line', { class: 'axis', x1: plot.left, x2: plot.right, y1: tick.y, y2: tick.y }));
    svg.append(el('text', { x: plot.left - 6, y: tick.y + 4, 'text-anchor': 'end' }, tick.label));
  }
  for (const tick of model.cpuTicks) {
    svg.append(el('text', { x: plot.right + 6, y: tick.y + 4 }, tick.label));
  }
  for (const tick of model.xTicks) {
    svg.append(el('text', { x: tick.x, y: plot.bottom + 16, 'text-anchor': 'middle' }, tick.label));
  }
  for (const mark of model.marks) {
    svg.append(el('line', { class: 'mark-line', x1: mark.x, x2: mark.x, y1: plot.top, y2: plot.bottom }));
  }
  svg.append(el('path', { class: 'cpu', d: model.cpuPath }));
  svg.append(el('path', { class: 'instances', d: model.instancesPath }));
  for (const mark of model.marks) {
    const y = plot.top - 8;
    const shape =
      mark.kind === 'up'
        ? el('path', { d: `M${mark.x - 5},${y + 5}L${mark.x + 5},${y + 5}L${mark.x},${y - 4}Z` })
        : mark.kind === 'down'
          ? el('path', { d: `M${mark.x - 5},${y - 4}L${mark.x + 5},${y - 4}L${mark.x},${y + 5}Z` })
          : el('circle', { cx: mark.x, cy: y, r: 3 });
    shape.setAttribute('class', `mark ${mark.kind}`);
    shape.append(el('title', {}, mark.title));
    svg.append(shape);
  }
  container.replaceChildren(svg);
}

export { chartModel, renderChart, ticks };
