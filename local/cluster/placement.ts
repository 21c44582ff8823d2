import type { AgentResources } from './agent.ts';

/** What placement needs to know about an agent. */
interface PlacementCandidate {
  id: string;
  active: boolean;
  resources: AgentResources;
  fits(demand: AgentResources): boolean;
  used(): AgentResources;
  /** Live tasks of the app being placed on this agent. */
  tasksOf(appId: string): number;
}

/**
 * Picks the agent for one task: only active agents with room for it (resource totals enforced),
 * spreading an app's instances (fewest of its tasks first), then the least loaded, then by id
 * so that placement is deterministic. `undefined` = no offer fits; the launch waits in the queue.
 */
function chooseAgent<T extends PlacementCandidate>(
  agents: readonly T[],
  demand: AgentResources,
  appId: string,
): T | undefined {
  const fitting = agents.filter((agent) => agent.active && agent.fits(demand));
  fitting.sort((a, b) => {
    const spread = a.tasksOf(appId) - b.tasksOf(appId);
    if (spread !== 0) return spread;
    const freeA = a.resources.cpus - a.used().cpus;
    const freeB = b.resources.cpus - b.used().cpus;
    if (freeA !== freeB) return freeB - freeA;
    return a.id.localeCompare(b.id);
  });
  return fitting[0];
}

export type { PlacementCandidate };
export { chooseAgent };
