// The dashboard page: polls the JSON API, keeps the tables current, sends the two actions (scale, agent stop/start).
import { renderChart } from './chart.js';
import { agentCard, appRow, decisionRow, historyRow, updateAppRow } from './render.js';

const state = { config: { agentControl: false, refreshMs: 2000 }, selected: null, rows: new Map(), timer: 0 };
const $ = (selector) => document.querySelector(selector);
/** The chart shows the last half hour: a long run would squeeze the recent steps into a few pixels. */
const CHART_WINDOW = '30m';

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function post(path, body) {
  return api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

let noticeTimer = 0;
function notice(text, isError = false) {
  const box = $('#notice');
  box.textContent = text;
  box.className = isError ? 'error' : '';
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    box.hidden = true;
  }, 8000);
}

function renderApps(apps) {
  const tbody = $('#apps tbody');
  const seen = new Set();
  for (const app of apps) {
    seen.add(app.id);
    const existing = state.rows.get(app.id);
    if (existing) updateAppRow(existing, app);
    else {
      const row = appRow(app, { onSelect: select, onScale: scale });
      state.rows.set(app.id, row);
      tbody.append(row);
    }
    state.rows.get(app.id).classList.toggle('selected', app.id === state.selected);
  }
  for (const [id, row] of state.rows) {
    if (!seen.has(id)) {
      row.remove();
      state.rows.delete(id);
    }
  }
  $('#apps-empty').hidden = apps.length > 0;
  if (state.selected === null && apps.length > 0) select(apps[0].id);
}

function renderAgents(agents) {
  const canControl = state.config.agentControl;
  $('#agents').replaceChildren(...agents.map((agent) => agentCard(agent, { canControl, onControl: controlAgent })));
}

/** The three parts of the app panel load independently: one failing source (say S3) leaves the others shown. */
async function refreshDetail() {
  const id = state.selected;
  if (id === null) return;
  const encoded = encodeURIComponent(id);
  const [series, decisions, history] = await Promise.allSettled([
    api(`/api/series/${encoded}?since=${CHART_WINDOW}`),
    api(`/api/decisions?app=${encoded}&limit=50`),
    api(`/api/history/${encoded}`),
  ]);
  if (id !== state.selected) return;
  $('#detail').hidden = false;
  $('#detail-app').textContent = id;
  if (series.status === 'fulfilled') renderChart($('#chart'), series.value);
  const failed = [series, decisions, history].filter((part) => part.status === 'rejected');
  $('#detail-error').hidden = failed.length === 0;
  $('#detail-error').textContent = failed.map((part) => part.reason.message).join('; ');
  if (decisions.status === 'fulfilled') {
    const newestFirst = [...decisions.value.decisions].reverse();
    $('#decisions tbody').replaceChildren(...newestFirst.map(decisionRow));
    $('#decisions-empty').hidden = newestFirst.length > 0;
  }
  if (history.status === 'fulfilled') {
    $('#history tbody').replaceChildren(...history.value.entries.map(historyRow));
    $('#history-empty').hidden = history.value.entries.length > 0;
  }
}

function select(id) {
  state.selected = id;
  for (const [rowId, row] of state.rows) row.classList.toggle('selected', rowId === id);
  refreshDetail().catch(showRefreshError);
}

async function scale(appId, instances) {
  if (!Number.isInteger(instances) || instances < 0) {
    notice('Give a whole number of instances (0 or more).', true);
    return;
  }
  try {
    const result = await post(`/api/apps/${encodeURIComponent(appId)}/scale`, { instances });
    notice(`Scaling ${appId} to ${instances} (deployment ${result.deploymentId}).`);
  } catch (error) {
    // 409: a deployment is running; Marathon's reason is the message.
    notice(`Could not scale ${appId}: ${error.message}`, true);
  }
  await refresh();
}

async function controlAgent(agentId, verb) {
  try {
    await post(`/api/agents/${encodeURIComponent(agentId)}/${verb}`, {});
    notice(`Agent ${agentId}: ${verb === 'stop' ? 'stopped; watch its tasks move' : 'started'}.`);
  } catch (error) {
    notice(`Could not ${verb} agent ${agentId}: ${error.message}`, true);
  }
  await refresh();
}

function showRefreshError(error) {
  $('#status').textContent = `update failed: ${error.message}`;
}

async function refresh() {
  try {
    const [apps, agents] = await Promise.all([api('/api/apps'), api('/api/agents')]);
    renderApps(apps.apps);
    renderAgents(agents.agents);
    await refreshDetail();
    $('#status').textContent = `updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
  } catch (error) {
    showRefreshError(error);
  }
}

async function loop() {
  await refresh();
  state.timer = setTimeout(loop, state.config.refreshMs);
}

async function start() {
  try {
    state.config = await api('/api/config');
  } catch (error) {
    showRefreshError(error);
  }
  const note = $('#agent-control-note');
  note.hidden = state.config.agentControl;
  note.textContent = 'Agent stop/start is off: it needs the local stand-in (npm start passes it in).';
  await loop();
}

start();
