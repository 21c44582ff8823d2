import type { MarathonApp, MarathonClient } from '#shared/marathon/index.ts';
import type { MesosAgent, MesosClient } from '#shared/mesos/index.ts';
import { DIGEST_LABEL } from './adapters.ts';

interface TaskView {
  id: string;
  agentId: string | null;
  host: string;
  ports: number[];
  state: string | null;
  healthy: boolean | null;
  startedAt: string | null;
}

interface AppView {
  id: string;
  /** `instances` in the app definition: what Marathon is asked to run. */
  configured: number;
  running: number;
  healthy: number;
  staged: number;
  /** The bundle digest the deploy function labelled the app with; `null` for apps it did not deploy. */
  digest: string | null;
  cpus: number;
  mem: number;
  /** Marathon deployments still running for this app (a manual scale now answers 409). */
  deployments: string[];
  version: string | null;
  lastScalingAt: string | null;
  tasks: TaskView[];
  /** Task count per agent id. */
  tasksPerAgent: Record<string, number>;
}

interface AgentView {
  id: string;
  hostname: string;
  port: number;
  active: boolean;
  cpus: number | null;
  mem: number | null;
  usedCpus: number | null;
  usedMem: number | null;
  /** The tasks Marathon reports on this agent, all apps. */
  tasks: { id: string; appId: string; state: string | null }[];
}

function healthOf(task: NonNullable<MarathonApp['tasks']>[number]): boolean | null {
  const results = task.healthCheckResults ?? [];
  if (results.length === 0) return null;
  return results.every((r) => r.alive);
}

function toAppView(app: MarathonApp): AppView {
  const tasks: TaskView[] = (app.tasks ?? []).map((task) => ({
    id: task.id,
    agentId: task.slaveId ?? null,
    host: task.host,
    ports: task.ports ?? [],
    state: task.state ?? null,
    healthy: healthOf(task),
    startedAt: task.startedAt ?? null,
  }));
  const tasksPerAgent: Record<string, number> = {};
  for (const task of tasks) {
    const agent = task.agentId ?? task.host;
    tasksPerAgent[agent] = (tasksPerAgent[agent] ?? 0) + 1;
  }
  return {
    id: app.id,
    configured: app.instances,
    running: app.tasksRunning ?? tasks.filter((t) => t.state === 'TASK_RUNNING').length,
    healthy: app.tasksHealthy ?? 0,
    staged: app.tasksStaged ?? 0,
    digest: app.labels?.[DIGEST_LABEL] ?? null,
    cpus: app.cpus,
    mem: app.mem,
    deployments: (app.deployments ?? []).map((d) => d.id),
    version: app.version ?? null,
    lastScalingAt: app.versionInfo?.lastScalingAt ?? null,
    tasks,
    tasksPerAgent,
  };
}

async function listAppViews(marathon: MarathonClient, signal?: AbortSignal): Promise<AppView[]> {
  const apps = await marathon.listApps({ embedTasks: true, signal });
  return apps.map(toAppView).sort((a, b) => a.id.localeCompare(b.id));
}

function resource(resources: Record<string, unknown> | undefined, name: string): number | null {
  const value = resources?.[name];
  return typeof value === 'number' ? value : null;
}

function toAgentView(agent: MesosAgent, apps: readonly AppView[]): AgentView {
  const tasks = apps.flatMap((app) =>
    app.tasks.filter((t) => t.agentId === agent.id).map((t) => ({ id: t.id, appId: app.id, state: t.state })),
  );
  return {
    id: agent.id,
    hostname: agent.hostname,
    port: agent.port,
    active: agent.active,
    cpus: resource(agent.resources, 'cpus'),
    mem: resource(agent.resources, 'mem'),
    usedCpus: resource(agent.used_resources, 'cpus'),
    usedMem: resource(agent.used_resources, 'mem'),
    tasks,
  };
}

async function listAgentViews(
  mesos: MesosClient,
  marathon: MarathonClient,
  signal?: AbortSignal,
): Promise<AgentView[]> {
  const [agents, apps] = await Promise.all([mesos.listAgents({ signal }), listAppViews(marathon, signal)]);
  return agents.map((agent) => toAgentView(agent, apps)).sort((a, b) => a.id.localeCompare(b.id));
}

export type { AgentView, AppView, TaskView };
export { listAgentViews, listAppViews, toAgentView, toAppView };
