import { type AppRecord, type DeploymentRecord, isReady, type TaskRecord } from './app-state.ts';

/** A task as `/v2/apps/{id}/tasks` and `embed=apps.tasks` report it. */
function taskJson(task: TaskRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: task.id,
    appId: task.appId,
    host: task.agent.hostname,
    ipAddresses: [{ ipAddress: task.agent.hostname, protocol: 'IPv4' }],
    ports: [...task.agentTask.ports],
    servicePorts: [],
    slaveId: task.agent.id,
    state: task.state,
    stagedAt: task.stagedAt,
    startedAt: task.startedAt,
    version: task.version,
    localVolumes: [],
    role: '*',
  };
  if (task.health) json.healthCheckResults = task.health.results.map((result) => ({ ...result }));
  return json;
}

function taskCounts(record: AppRecord) {
  let staged = 0;
  let running = 0;
  let healthy = 0;
  let unhealthy = 0;
  for (const task of record.tasks.values()) {
    if (task.state === 'TASK_STAGING') staged += 1;
    if (task.state === 'TASK_RUNNING') running += 1;
    if (record.app.healthChecks.length > 0 && task.state === 'TASK_RUNNING') {
      if (isReady(record, task)) healthy += 1;
      else if (task.health?.results.some((result) => result.lastFailure !== null)) unhealthy += 1;
    }
  }
  return { tasksStaged: staged, tasksRunning: running, tasksHealthy: healthy, tasksUnhealthy: unhealthy };
}

/** An app as `/v2/apps` reports it; `embedTasks` adds `tasks` (and `lastTaskFailure`, as Marathon does). */
function appJson(record: AppRecord, embedTasks: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    ...record.app,
    version: record.version,
    versionInfo: { lastScalingAt: record.lastScalingAt, lastConfigChangeAt: record.lastConfigChangeAt },
    ...taskCounts(record),
    deployments: record.deployment ? [{ id: record.deployment.id }] : [],
  };
  if (embedTasks) {
    json.tasks = [...record.tasks.values()].map(taskJson);
    if (record.lastTaskFailure) json.lastTaskFailure = record.lastTaskFailure;
  }
  return json;
}

/** One entry of `GET /v2/deployments`. */
function deploymentJson(deployment: DeploymentRecord): Record<string, unknown> {
  const action = { action: deployment.action, app: deployment.appId };
  return {
    id: deployment.id,
    version: deployment.version,
    affectedApps: [deployment.appId],
    affectedPods: [],
    steps: [{ actions: [action] }],
    currentActions: [{ ...action, readinessCheckResults: [] }],
    currentStep: 1,
    totalSteps: 1,
  };
}

/** One entry of `GET /v2/queue`: instances still to launch, and the backoff delay holding them. */
function queueEntryJson(record: AppRecord, count: number, nowMs: number): Record<string, unknown> {
  const timeLeftSeconds = Math.max(0, Math.ceil((record.backoff.delayUntilMs - nowMs) / 1000));
  return {
    app: appJson(record, false),
    count,
    role: '*',
    delay: { timeLeftSeconds, overdue: timeLeftSeconds === 0 },
    since: record.queueSince ?? new Date(nowMs).toISOString(),
    processedOffersSummary: {
      processedOffersCount: 0,
      unusedOffersCount: 0,
      rejectSummaryLastOffers: [],
      rejectSummaryLaunchAttempt: [],
    },
    lastUnusedOffers: [],
  };
}

export { appJson, deploymentJson, queueEntryJson, taskJson };
