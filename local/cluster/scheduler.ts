import type { Logger } from '#shared/logging/index.ts';
import type { LocalAgent, TaskStatus } from './agent.ts';
import { marathonTaskEnv } from './app-model.ts';
import { type AppRecord, isReady, type TaskRecord } from './app-state.ts';
import { TaskHealth } from './health-checks.ts';
import { taskIdFor } from './ids.ts';
import { chooseAgent } from './placement.ts';

interface SchedulerOptions {
  agents: () => readonly LocalAgent[];
  logger: Logger;
  apps: Map<string, AppRecord>;
  /** Called when an app finished deleting. */
  onAppRemoved?: (appId: string) => void;
}

/**
 * Marathon's task loop for each app: launch what is missing (placement, backoff), kill what is
 * surplus (youngest first), roll old-version tasks over to the new version (honouring
 * `upgradeStrategy`), and finish the deployment once the app is as asked.
 */
class Scheduler {
  readonly #options: SchedulerOptions;
  #seq = 0;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Index of tasks by id across all apps (status updates carry only the task id). */
  findTask(taskId: string): { record: AppRecord; task: TaskRecord } | undefined {
    for (const record of this.#options.apps.values()) {
      const task = record.tasks.get(taskId);
      if (task) return { record, task };
    }
    return undefined;
  }

  /** Agents' status updates: running tasks start health checks; terminal ones leave, failures back off. */
  onStatus(status: TaskStatus): void {
    const found = this.findTask(status.taskId);
    if (!found) return;
    const { record, task } = found;
    const fields = { appId: record.app.id, taskId: task.id, agentId: status.agentId, state: status.state };
    if (status.state === 'TASK_FAILED' && !task.killing)
      this.#options.logger.warn('task failed', { ...fields, reason: status.message });
    else this.#options.logger.info('task status', { ...fields, ports: task.agentTask.ports, reason: status.message });
    if (status.state === 'TASK_RUNNING') {
      task.state = 'TASK_RUNNING';
      task.startedAt = new Date().toISOString();
      if (record.app.healthChecks.length > 0) {
        task.health = new TaskHealth(task.id, record.app.healthChecks);
        task.health.start(task.agent.hostname, task.agentTask.ports, (cause) => {
          task.unhealthyKill = true;
          void task.agent.kill(task.id);
          this.#noteFailure(record, task, 'TASK_KILLED', `Task failed health checks: ${cause}`);
        });
      }
    } else {
      task.health?.stop();
      record.tasks.delete(task.id);
      const failed = !task.killing && (status.state === 'TASK_FAILED' || status.state === 'TASK_FINISHED');
      if (failed) this.#noteFailure(record, task, status.state, status.message ?? '');
      else if (status.state === 'TASK_LOST') this.#recordFailure(record, task, status.state, status.message ?? '');
    }
    this.reconcile(record);
  }

  reconcile(record: AppRecord): void {
    const now = Date.now();
    const tasks = [...record.tasks.values()];
    const live = tasks.filter((task) => !task.killing);
    if (record.deleting) {
      for (const task of live) this.#kill(task);
      if (record.tasks.size === 0) {
        this.#options.apps.delete(record.app.id);
        this.#options.onAppRemoved?.(record.app.id);
      }
      return;
    }
    const instances = record.app.instances;
    const current = live.filter((task) => task.configVersion === record.lastConfigChangeAt);
    const old = live.filter((task) => task.configVersion !== record.lastConfigChangeAt);

    // Scale down: YOUNGEST_FIRST, tasks not yet running before running ones.
    if (current.length > instances) {
      const victims = [...current].sort((a, b) => rank(b) - rank(a)).slice(0, current.length - instances);
      for (const task of victims) this.#kill(task);
    }
    const currentLive = Math.min(current.length, instances);

    // Rolling restart: keep enough old tasks to honour minimumHealthCapacity until new ones are ready.
    const ready = current.filter((task) => isReady(record, task)).length;
    const { minimumHealthCapacity, maximumOverCapacity } = record.app.upgradeStrategy;
    const keepOld = Math.max(0, Math.ceil(instances * minimumHealthCapacity) - ready);
    const oldVictims = [...old].sort((a, b) => Number(isReady(record, a)) - Number(isReady(record, b)));
    for (const task of oldVictims.slice(0, Math.max(0, old.length - keepOld))) this.#kill(task);
    const oldLeft = Math.min(old.length, keepOld);

    // Launch: within the over-capacity allowance, after the backoff delay, where an agent has room.
    const maxTotal = instances + Math.max(1, Math.ceil(instances * maximumOverCapacity));
    let toLaunch = Math.max(0, Math.min(instances - currentLive, maxTotal - currentLive - oldLeft));
    const missing = instances - currentLive;
    if (missing > 0) record.queueSince ??= new Date(now).toISOString();
    if (now >= record.backoff.delayUntilMs) {
      while (toLaunch > 0 && this.#launch(record)) toLaunch -= 1;
    }
    if (instances - Math.min(this.#currentCount(record), instances) === 0) record.queueSince = undefined;

    this.#maybeFinishDeployment(record);
  }

  /** Instances still to launch, for GET /v2/queue. */
  waiting(record: AppRecord): number {
    if (record.deleting) return 0;
    return Math.max(0, record.app.instances - this.#currentCount(record));
  }

  #currentCount(record: AppRecord): number {
    let count = 0;
    for (const task of record.tasks.values()) {
      if (!task.killing && task.configVersion === record.lastConfigChangeAt) count += 1;
    }
    return count;
  }

  #maybeFinishDeployment(record: AppRecord): void {
    if (!record.deployment) return;
    const tasks = [...record.tasks.values()];
    const done =
      tasks.length === record.app.instances &&
      tasks.every((task) => task.configVersion === record.lastConfigChangeAt && isReady(record, task));
    if (done) {
      this.#options.logger.info('deployment finished', { appId: record.app.id, deploymentId: record.deployment.id });
      record.deployment = undefined;
    }
  }

  #launch(record: AppRecord): boolean {
    const { app } = record;
    const demand = { cpus: app.cpus, mem: app.mem, disk: app.disk };
    const agent = chooseAgent(this.#options.agents(), demand, app.id);
    if (!agent) return false;
    const id = taskIdFor(app.id);
    const agentTask = agent.launch({
      taskId: id,
      appId: app.id,
      cmd: app.cmd ?? undefined,
      args: app.args ?? undefined,
      ...demand,
      portNames: app.portDefinitions.map((port) => port.name),
      fetch: app.fetch,
      env: marathonTaskEnv(app, record.version),
      killGracePeriodMs: app.taskKillGracePeriodSeconds === null ? undefined : app.taskKillGracePeriodSeconds * 1000,
    });
    this.#seq += 1;
    record.tasks.set(id, {
      id,
      appId: app.id,
      agent,
      agentTask,
      configVersion: record.lastConfigChangeAt,
      version: record.version,
      state: 'TASK_STAGING',
      stagedAt: new Date().toISOString(),
      startedAt: null,
      killing: false,
      unhealthyKill: false,
      seq: this.#seq,
    });
    return true;
  }

  #kill(task: TaskRecord): void {
    if (task.killing) return;
    task.killing = true;
    task.health?.stop();
    void task.agent.kill(task.id);
  }

  /** A failure delays the app's next launch: backoffSeconds * backoffFactor^(n-1), capped. */
  #noteFailure(record: AppRecord, task: TaskRecord, state: string, message: string): void {
    const { backoffSeconds, backoffFactor, maxLaunchDelaySeconds } = record.app;
    record.backoff.failures += 1;
    const delaySeconds = Math.min(
      backoffSeconds * backoffFactor ** (record.backoff.failures - 1),
      maxLaunchDelaySeconds,
    );
    record.backoff.delayUntilMs = Date.now() + delaySeconds * 1000;
    this.#recordFailure(record, task, state, message);
  }

  #recordFailure(record: AppRecord, task: TaskRecord, state: string, message: string): void {
    record.lastTaskFailure = {
      appId: record.app.id,
      host: task.agent.hostname,
      message,
      state,
      taskId: task.id,
      timestamp: new Date().toISOString(),
      version: task.version,
      slaveId: task.agent.id,
    };
  }
}

/** Higher = killed first when scaling down. */
function rank(task: TaskRecord): number {
  return (task.state === 'TASK_RUNNING' ? 0 : 1e12) + task.seq;
}

export type { SchedulerOptions };
export { Scheduler };
