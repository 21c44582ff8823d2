import { Logger } from '#shared/logging/index.ts';
import type { LocalAgent, TaskStatus } from './agent.ts';
import { type AppDefinition, isConfigChange, isScaleOnly, mergeUpdate, normalizeApp } from './app-model.ts';
import type { AppRecord, DeploymentAction } from './app-state.ts';
import { AppExistsError, AppInvalidError, AppLockedError, AppNotFoundError } from './errors.ts';
import { nextVersion, normalizeAppId, randomUUID } from './ids.ts';
import { Scheduler } from './scheduler.ts';
import { type AppInput, parseAppInput, validateApp } from './validation.ts';
import { appJson, deploymentJson, queueEntryJson, taskJson } from './views.ts';

interface DeploymentResultBody {
  deploymentId: string;
  version: string;
}

interface MarathonServiceOptions {
  agents: () => readonly LocalAgent[];
  /** Task and deployment events. **Default:** a quiet logger (errors only) */
  logger?: Logger;
  /** How often every app is reconciled, besides after each event. **Default:** 100 */
  reconcileIntervalMs?: number;
}

/** The Marathon app API's behaviour, independent of HTTP: apps, versions, deployments, queue. */
class MarathonService {
  readonly apps = new Map<string, AppRecord>();
  readonly #scheduler: Scheduler;
  readonly #timer: NodeJS.Timeout;
  readonly #logger: Logger;

  constructor(options: MarathonServiceOptions) {
    this.#logger = options.logger ?? new Logger({ service: 'local-cluster', level: 'error' });
    this.#scheduler = new Scheduler({ agents: options.agents, apps: this.apps, logger: this.#logger });
    this.#timer = setInterval(() => this.reconcileAll(), options.reconcileIntervalMs ?? 100);
    this.#timer.unref();
  }

  /** Wire this to every agent's `onStatus`. */
  onStatus(status: TaskStatus): void {
    this.#scheduler.onStatus(status);
  }

  reconcileAll(): void {
    for (const record of [...this.apps.values()]) this.#scheduler.reconcile(record);
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const record of this.apps.values()) for (const task of record.tasks.values()) task.health?.stop();
  }

  /** POST /v2/apps. */
  create(body: unknown): Record<string, unknown> {
    const input = this.#parse(body);
    const id = normalizeAppId(typeof input.id === 'string' ? input.id : '');
    if (this.apps.has(id)) throw new AppExistsError(id);
    const app = this.#validated(id, { ...input, id });
    const { record, result } = this.#startDeployment(app, 'StartApplication');
    const json = appJson(record, false);
    return { ...json, deployments: [{ id: result.deploymentId }] };
  }

  /** PUT /v2/apps/{id}: create, scale (only `instances` changes) or a new version (rolling restart). */
  put(rawId: string, body: unknown, force: boolean): { created: boolean; result: DeploymentResultBody } {
    const id = normalizeAppId(rawId);
    const input = this.#parse(body);
    const record = this.apps.get(id);
    if (!record || record.deleting) {
      if (record?.deleting && !force) throw new AppLockedError([record.deployment?.id ?? '']);
      const { result } = this.#startDeployment(this.#validated(id, { ...input, id }), 'StartApplication');
      return { created: true, result };
    }
    this.#checkLock(record, force);
    const merged = this.#validated(id, mergeUpdate(record.app, input));
    const restart = !isScaleOnly(input as Record<string, unknown>) && isConfigChange(record.app, merged);
    const version = nextVersion();
    record.app = merged;
    record.version = version;
    record.lastScalingAt = version;
    // A new version (or scale) starts with a fresh launch delay, as Marathon resets it on update.
    record.backoff = { failures: 0, delayUntilMs: 0 };
    if (restart) record.lastConfigChangeAt = version;
    const action: DeploymentAction = restart ? 'RestartApplication' : 'ScaleApplication';
    record.deployment = { id: randomUUID(), version, appId: id, action };
    const result = { deploymentId: record.deployment.id, version };
    this.#logger.info('deployment started', {
      appId: id,
      action,
      deploymentId: result.deploymentId,
      instances: merged.instances,
    });
    this.#scheduler.reconcile(record);
    return { created: false, result };
  }

  /** DELETE /v2/apps/{id}: kills every task, then the app disappears. */
  remove(rawId: string, force: boolean): DeploymentResultBody {
    const record = this.#get(rawId);
    this.#checkLock(record, force);
    const version = nextVersion();
    record.deleting = true;
    record.deployment = { id: randomUUID(), version, appId: record.app.id, action: 'StopApplication' };
    const result = { deploymentId: record.deployment.id, version };
    this.#scheduler.reconcile(record);
    return result;
  }

  /** DELETE /v2/apps/{id}/tasks/{taskId}: kill one task; `scale` also lowers `instances`. */
  killTask(rawId: string, taskId: string, scale: boolean): Record<string, unknown> {
    const record = this.#get(rawId);
    const task = record.tasks.get(taskId);
    if (!task) throw new AppNotFoundError(`${record.app.id}/tasks/${taskId}`);
    const json = taskJson(task);
    // Marked first, so that the scale below does not pick another (youngest) task to kill.
    task.killing = true;
    task.health?.stop();
    void task.agent.kill(task.id);
    if (scale) this.put(record.app.id, { instances: Math.max(0, record.app.instances - 1) }, true);
    this.#scheduler.reconcile(record);
    return json;
  }

  getApp(rawId: string): Record<string, unknown> {
    return appJson(this.#get(rawId), true);
  }

  /** GET /v2/apps; `idFilter` is a substring of the id, `labelSelector` Marathon's `key`, `key==v`, `key!=v`. */
  listApps(embedTasks: boolean, idFilter?: string, labelSelector?: string): Record<string, unknown>[] {
    return [...this.apps.values()]
      .filter((record) => !idFilter || record.app.id.includes(idFilter))
      .filter((record) => !labelSelector || matchesLabels(record.app.labels, labelSelector))
      .map((record) => appJson(record, embedTasks));
  }

  appTasks(rawId: string): Record<string, unknown>[] {
    return [...this.#get(rawId).tasks.values()].map(taskJson);
  }

  allTasks(): Record<string, unknown>[] {
    return [...this.apps.values()].flatMap((record) => [...record.tasks.values()].map(taskJson));
  }

  deployments(): Record<string, unknown>[] {
    return [...this.apps.values()].flatMap((record) => (record.deployment ? [deploymentJson(record.deployment)] : []));
  }

  queue(): Record<string, unknown>[] {
    const now = Date.now();
    return [...this.apps.values()].flatMap((record) => {
      const count = this.#scheduler.waiting(record);
      return count > 0 ? [queueEntryJson(record, count, now)] : [];
    });
  }

  #get(rawId: string): AppRecord {
    const id = normalizeAppId(rawId);
    const record = this.apps.get(id);
    if (!record) throw new AppNotFoundError(id);
    return record;
  }

  #checkLock(record: AppRecord, force: boolean): void {
    if (record.deployment && !force) throw new AppLockedError([record.deployment.id]);
  }

  #parse(body: unknown) {
    const parsed = parseAppInput(body);
    if ('details' in parsed) throw new AppInvalidError(parsed.details);
    return parsed.input;
  }

  #validated(id: string, input: AppInput): AppDefinition {
    const app = normalizeApp(id, input);
    const details = validateApp(app);
    if (details.length > 0) throw new AppInvalidError(details);
    return app;
  }

  #startDeployment(app: AppDefinition, action: DeploymentAction): { record: AppRecord; result: DeploymentResultBody } {
    const version = nextVersion();
    const record: AppRecord = {
      app,
      version,
      lastScalingAt: version,
      lastConfigChangeAt: version,
      tasks: new Map(),
      deleting: false,
      backoff: { failures: 0, delayUntilMs: 0 },
      deployment: { id: randomUUID(), version, appId: app.id, action },
    };
    const result = { deploymentId: record.deployment?.id ?? '', version };
    this.#logger.info('deployment started', {
      appId: app.id,
      action,
      deploymentId: result.deploymentId,
      instances: app.instances,
    });
    this.apps.set(app.id, record);
    this.#scheduler.reconcile(record);
    return { record, result };
  }
}

/** Marathon's label selector, comma-separated terms all of which must hold. */
function matchesLabels(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [key, value] = term.includes('!=') ? term.split('!=') : term.split('==');
    if (key === undefined) return true;
    const actual = labels[key.trim()];
    if (value === undefined) return actual !== undefined;
    return term.includes('!=') ? actual !== value.trim() : actual === value.trim();
  });
}

export type { DeploymentResultBody, MarathonServiceOptions };
export { MarathonService };
