import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTestServer, type TestServer } from './http-server.ts';

/**
 * Loopback fakes of the two listings the collector reads: Marathon's /v2/apps?embed=apps.tasks and the Mesos
 * master's /master/slaves. Their content is mutable between requests.
 */

interface FakeTask {
  id: string;
  appId: string;
  host: string;
  slaveId?: string;
  startedAt?: string;
}

interface FakeApp {
  id: string;
  instances: number;
  labels?: Record<string, string>;
  tasks: FakeTask[];
  cpus?: number;
  mem?: number;
}

interface FakeAgentEntry {
  id: string;
  hostname: string;
  port: number;
  active?: boolean;
}

function json(res: ServerResponse, body: unknown, statusCode = 200) {
  res.statusCode = statusCode;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Marathon: GET /v2/apps (embed honoured: tasks only when asked for). */
async function startFakeMarathon(apps: FakeApp[]): Promise<TestServer & { apps: FakeApp[]; requests: string[] }> {
  const state = { apps, requests: [] as string[] };
  const server = await startTestServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v2/apps') return json(res, { message: 'not found' }, 404);
    const embed = url.searchParams.get('embed') === 'apps.tasks';
    json(res, {
      apps: state.apps.map(({ tasks, ...app }) => ({
        cpus: 0.5,
        mem: 128,
        ...app,
        tasksRunning: tasks.length,
        ...(embed ? { tasks: tasks.map((task) => ({ state: 'TASK_RUNNING', ports: [31000], ...task })) } : {}),
      })),
    });
  });
  return Object.defineProperties(server as TestServer & typeof state, {
    apps: { get: () => state.apps, set: (value: FakeApp[]) => (state.apps = value) },
    requests: { get: () => state.requests },
  });
}

/** Mesos master: GET /master/slaves. */
async function startFakeMaster(
  agents: FakeAgentEntry[],
): Promise<TestServer & { agents: FakeAgentEntry[]; requests: number }> {
  const state = { agents, requests: 0 };
  const server = await startTestServer((req, res) => {
    state.requests++;
    if (req.url !== '/master/slaves') return json(res, { message: 'not found' }, 404);
    json(res, {
      slaves: state.agents.map((agent) => ({
        pid: `slave(1)@${agent.hostname}:${agent.port}`,
        resources: { cpus: 4, mem: 8192 },
        ...agent,
        active: agent.active ?? true,
      })),
      recovered_slaves: [],
    });
  });
  // Live views of the state, not copies: tests change agents and read the request count later.
  return Object.defineProperties(server as TestServer & typeof state, {
    agents: { get: () => state.agents, set: (value: FakeAgentEntry[]) => (state.agents = value) },
    requests: { get: () => state.requests },
  });
}

export type { FakeAgentEntry, FakeApp, FakeTask };
export { startFakeMarathon, startFakeMaster };
