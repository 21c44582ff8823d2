// DOM building for the dashboard's tables and cards. Text goes in with textContent only: app ids, labels and error
// texts come from the cluster and must never be parsed as HTML.

function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

/** Mesos agent ids are long (`20261125-000000-16777343-5050-1-S0`): show their last part, the full id as a tooltip. */
function shortAgent(id) {
  return id.split('-').pop() || id;
}

function shortDigest(digest) {
  return digest ? digest.slice(0, 12) : '—';
}

function time(iso) {
  const date = typeof iso === 'number' ? new Date(iso) : new Date(iso);
  return date.toLocaleTimeString([], { hour12: false });
}

function percent(fraction) {
  return fraction === null || fraction === undefined ? '—' : `${Math.round(fraction * 100)}%`;
}

/** Updates the cells of an app's row in place, so a number being typed in its scale box survives a refresh. */
function updateAppRow(row, app) {
  const cells = row.querySelectorAll('[data-field]');
  for (const cell of cells) {
    const field = cell.dataset.field;
    if (field === 'configured') cell.textContent = String(app.configured);
    if (field === 'running') cell.textContent = String(app.running);
    if (field === 'healthy') cell.textContent = String(app.healthy);
    if (field === 'digest') {
      cell.textContent = shortDigest(app.digest);
      cell.title = app.digest ?? 'no autopilot.digest label';
    }
    if (field === 'agents') {
      const parts = Object.entries(app.tasksPerAgent).map(([agent, n]) => `${shortAgent(agent)}: ${n}`);
      cell.textContent = parts.length > 0 ? parts.join(', ') : '—';
      cell.title = Object.keys(app.tasksPerAgent).join('\n');
    }
    if (field === 'deploying') {
      cell.replaceChildren(
        app.deployments.length > 0
          ? h('span', { class: 'badge warn', text: 'deploying', title: app.deployments.join(', ') })
          : '',
      );
    }
  }
}

function appRow(app, { onSelect, onScale }) {
  const input = h('input', {
    type: 'number',
    min: '0',
    max: '1000',
    value: String(app.configured),
    'aria-label': `instances for ${app.id}`,
    dataset: { testid: 'scale-input' },
  });
  const form = h(
    'form',
    {
      class: 'scale-form',
      onsubmit: (event) => {
        event.preventDefault();
        onScale(app.id, Number(input.value));
      },
      onclick: (event) => event.stopPropagation(),
    },
    input,
    h('button', { type: 'submit', text: 'Scale', dataset: { testid: 'scale-button' } }),
  );
  const row = h(
    'tr',
    { class: 'app-row', dataset: { appId: app.id, testid: 'app-row' }, onclick: () => onSelect(app.id) },
    h('td', {}, h('strong', { text: app.id }), h('span', { dataset: { field: 'deploying' } })),
    h('td', { class: 'num', dataset: { field: 'configured', testid: 'configured' } }),
    h('td', { class: 'num', dataset: { field: 'running', testid: 'running' } }),
    h('td', { class: 'num', dataset: { field: 'healthy' } }),
    h('td', { class: 'digest', dataset: { field: 'digest' } }),
    h('td', { dataset: { field: 'agents' } }),
    h('td', {}, form),
  );
  updateAppRow(row, app);
  return row;
}

function agentCard(agent, { canControl, onControl }) {
  const verb = agent.active ? 'stop' : 'start';
  const button = h('button', {
    type: 'button',
    text: agent.active ? 'Stop agent' : 'Start agent',
    disabled: !canControl,
    title: canControl ? undefined : 'needs the local stand-in (start the dashboard with an agent hook)',
    dataset: { testid: `agent-${verb}` },
    onclick: () => onControl(agent.id, verb),
  });
  const used = agent.usedCpus === null ? '' : ` · ${agent.usedCpus.toFixed(2)}/${agent.cpus} cpus`;
  return h(
    'div',
    { class: `card${agent.active ? '' : ' inactive'}`, dataset: { agentId: agent.id, testid: 'agent-card' } },
    h(
      'h4',
      { title: agent.id },
      `agent ${shortAgent(agent.id)}`,
      h('span', { class: `badge ${agent.active ? 'ok' : 'bad'}`, text: agent.active ? 'active' : 'stopped' }),
    ),
    h('div', { class: 'muted', text: `${agent.hostname}:${agent.port}${used}` }),
    h(
      'ul',
      {},
      ...(agent.tasks.length === 0
        ? [h('li', { class: 'muted', text: 'no tasks' })]
        : agent.tasks.map((t) => h('li', { text: `${t.appId} · ${t.state ?? '?'}`, title: t.id }))),
    ),
    button,
  );
}

function decisionRow(d) {
  // "2 → 3" for a change made; "2" when nothing changed; "2 (wanted 3)" when a guard or an error stopped it.
  const wanted = d.applied ? `${d.current} → ${d.desired}` : `${d.current} (wanted ${d.desired})`;
  const instances = d.desired === d.current ? `${d.current}` : wanted;
  const reason = [d.reasonText ?? d.reason ?? '', d.blockedBy ? `blocked by ${d.blockedBy}` : '', d.applyError ?? '']
    .filter(Boolean)
    .join(' · ');
  return h(
    'tr',
    { dataset: { testid: 'decision-row' } },
    h('td', { text: time(d.at) }),
    h('td', { class: `action ${d.action}`, text: d.action }),
    h('td', { class: 'num', text: instances }),
    h('td', { text: percent(d.cpuMean) }),
    h('td', { text: reason }),
  );
}

function historyRow(entry) {
  const outcome =
    entry.kind === 'rejected'
      ? h(
          'td',
          {},
          h('span', { class: 'badge bad', text: `rejected ${entry.code ?? ''}` }),
          h('div', { class: 'error-text', text: entry.error ?? '' }),
        )
      : h(
          'td',
          {},
          h('span', { class: `badge ${entry.current ? 'ok' : ''}`, text: entry.current ? 'current' : entry.outcome }),
        );
  return h(
    'tr',
    { dataset: { testid: 'history-row' } },
    h('td', { text: time(entry.at) }),
    h('td', { text: entry.kind, title: entry.sourceKey ?? '' }),
    h('td', { class: 'digest', text: shortDigest(entry.digest), title: entry.digest ?? '' }),
    outcome,
  );
}

export { agentCard, appRow, decisionRow, h, historyRow, updateAppRow };
