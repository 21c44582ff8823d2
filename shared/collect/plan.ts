import type { MarathonApp, MarathonTask } from '../marathon/schemas.ts';
import type { MesosAgent } from '../mesos/schemas.ts';
import type { AgentAddressPolicy } from './cidr.ts';

/**
 * Pure: which apps are watched, which agent runs each watched task, and which agents to poll.
 * An agent's address comes from the master's answer only, and must pass the address policy.
 */

interface WatchedApp {
  app: MarathonApp;
  tasks: MarathonTask[];
}

interface AgentProblem {
  /** The agent id (or the task's host when the master does not know the agent). */
  id: string;
  reason: string;
}

interface PollPlan {
  /** Active, allowed agents that run at least one watched task: one request each per sample. */
  agents: MesosAgent[];
  /** Watched task id → the id of the agent that runs it (as the master names it), when known. */
  taskAgent: Map<string, string>;
  /** Agents that run watched tasks but will not be polled, with the reason (inactive, unknown, rejected). */
  skipped: Map<string, AgentProblem>;
}

/** Apps that opt in: label `labelKey` equal to the string 'true'. */
function watchedApps(apps: readonly MarathonApp[], labelKey: string): WatchedApp[] {
  return apps.filter((app) => app.labels?.[labelKey] === 'true').map((app) => ({ app, tasks: app.tasks ?? [] }));
}

function hostIndex(agents: readonly MesosAgent[]): Map<string, MesosAgent | null> {
  const byHost = new Map<string, MesosAgent | null>();
  for (const agent of agents) {
    // null marks an ambiguous hostname: several agents on one host are told apart by id only.
    byHost.set(agent.hostname, byHost.has(agent.hostname) ? null : agent);
  }
  return byHost;
}

/** Matches tasks to agents by `slaveId`, else by `host` when exactly one agent has that hostname. */
function planPolls(
  watched: readonly WatchedApp[],
  agents: readonly MesosAgent[],
  policy: AgentAddressPolicy,
): PollPlan {
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  const byHost = hostIndex(agents);
  const toPoll = new Map<string, MesosAgent>();
  const taskAgent = new Map<string, string>();
  const skipped = new Map<string, AgentProblem>();
  for (const { tasks } of watched) {
    for (const task of tasks) {
      const agent = (task.slaveId ? byId.get(task.slaveId) : undefined) ?? byHost.get(task.host) ?? undefined;
      if (agent === undefined) {
        const id = task.slaveId ?? task.host;
        skipped.set(id, { id, reason: 'agent not listed by the master' });
        continue;
      }
      taskAgent.set(task.id, agent.id);
      if (toPoll.has(agent.id) || skipped.has(agent.id)) continue;
      const reason = agent.active ? policy.rejectReason(agent.hostname) : 'agent is not active';
      if (reason === undefined) toPoll.set(agent.id, agent);
      else skipped.set(agent.id, { id: agent.id, reason });
    }
  }
  return { agents: [...toPoll.values()], taskAgent, skipped };
}

export type { AgentProblem, PollPlan, WatchedApp };
export { planPolls, watchedApps };
