import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXECUTOR_CPUS, EXECUTOR_MEM_MB, type LocalAgent } from './agent.ts';
import { isAuthorized, sendJson, sendText, sendUnauthorized } from './http-util.ts';
import { FRAMEWORK_ID, MASTER_ID } from './ids.ts';

const MESOS_VERSION = '1.11.0';

function resourcesJson(resources: { cpus: number; mem: number; disk: number }) {
  return { cpus: round(resources.cpus), mem: round(resources.mem), disk: round(resources.disk), gpus: 0 };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** One entry of `/master/slaves`, in the master's shape (src/master/http.cpp `SlaveWriter`). */
function agentJson(agent: LocalAgent): Record<string, unknown> {
  const total = { ...resourcesJson(agent.resources), ports: '[31000-32000]' };
  const used = resourcesJson(agent.used());
  return {
    id: agent.id,
    pid: `slave(1)@${agent.hostname}:${agent.port}`,
    hostname: agent.hostname,
    port: agent.port,
    registered_time: agent.registeredTime,
    resources: total,
    used_resources: used,
    offered_resources: resourcesJson({ cpus: 0, mem: 0, disk: 0 }),
    reserved_resources: {},
    unreserved_resources: total,
    attributes: {},
    active: agent.active,
    deactivated: !agent.active,
    version: MESOS_VERSION,
    capabilities: ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT'],
    reserved_resources_full: {},
    unreserved_resources_full: [],
    used_resources_full: [],
    offered_resources_full: [],
  };
}

interface MasterApiOptions {
  agents: () => readonly LocalAgent[];
  credentials?: string | undefined;
}

/** The leading master: `/master/slaves` (and the older `/slaves`), plus a small `/master/state`. */
function masterHandler(options: MasterApiOptions) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://master').pathname.replace(/\.json$/, '');
    if (!isAuthorized(req, options.credentials)) return sendUnauthorized(res, 'mesos');
    if (path === '/master/slaves' || path === '/slaves') {
      return sendJson(res, 200, { slaves: options.agents().map(agentJson), recovered_slaves: [] });
    }
    if (path === '/master/state' || path === '/state') {
      return sendJson(res, 200, {
        id: MASTER_ID,
        version: MESOS_VERSION,
        activated_slaves: options.agents().filter((agent) => agent.active).length,
        slaves: options.agents().map(agentJson),
        frameworks: [{ id: FRAMEWORK_ID, name: 'marathon', active: true }],
        executor_overhead: { cpus: EXECUTOR_CPUS, mem: EXECUTOR_MEM_MB },
      });
    }
    if (path === '/master/health' || path === '/health') return sendText(res, 200, '');
    return sendText(res, 404, '');
  };
}

/** A non-leading master: every request is redirected (307) to the leader, as Mesos does. */
function standbyMasterHandler(leaderUrl: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const location = new URL(req.url ?? '/', leaderUrl()).toString();
    res.writeHead(307, { location, 'content-length': 0 });
    res.end();
  };
}

export type { MasterApiOptions };
export { agentJson, masterHandler, standbyMasterHandler };
