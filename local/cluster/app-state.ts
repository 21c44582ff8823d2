import type { AgentTask, LocalAgent, TaskState } from './agent.ts';
import type { AppDefinition } from './app-model.ts';
import type { TaskHealth } from './health-checks.ts';

type DeploymentAction = 'StartApplication' | 'ScaleApplication' | 'RestartApplication' | 'StopApplication';

interface DeploymentRecord {
  id: string;
  version: string;
  appId: string;
  action: DeploymentAction;
}

/** A Marathon task: where it runs, which app version launched it, its health. */
interface TaskRecord {
  id: string;
  appId: string;
  agent: LocalAgent;
  agentTask: AgentTask;
  /** The app's `lastConfigChangeAt` when launched: differs from the app's once a restart is under way. */
  configVersion: string;
  version: string;
  state: TaskState;
  stagedAt: string;
  startedAt: string | null;
  /** Marathon asked for the kill (scale down, restart, delete): not a failure. */
  killing: boolean;
  /** Killed for failing health checks: counts as a failure for backoff. */
  unhealthyKill: boolean;
  /** Launch order, for YOUNGEST_FIRST. */
  seq: number;
  health?: TaskHealth;
}

interface AppRecord {
  app: AppDefinition;
  version: string;
  lastScalingAt: string;
  lastConfigChangeAt: string;
  tasks: Map<string, TaskRecord>;
  deployment?: DeploymentRecord | undefined;
  deleting: boolean;
  /** Consecutive failures and the launch delay they imposed (backoffSeconds * backoffFactor^n). */
  backoff: { failures: number; delayUntilMs: number };
  /** When instances started waiting for a launch (GET /v2/queue `since`). */
  queueSince?: string | undefined;
  lastTaskFailure?: Record<string, unknown> | undefined;
}

/** Running, and passing every health check if the app has any: what a deployment waits for. */
function isReady(record: AppRecord, task: TaskRecord): boolean {
  if (task.state !== 'TASK_RUNNING' || task.killing) return false;
  if (record.app.healthChecks.length === 0) return true;
  return task.health?.healthy === true;
}

export type { AppRecord, DeploymentAction, DeploymentRecord, TaskRecord };
export { isReady };
