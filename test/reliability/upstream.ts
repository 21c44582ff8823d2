import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server whose answer per path is scripted, for upstream faults: valid or broken JSON, HTML error
 * pages, truncated bodies, bodies that stall mid-way, redirects, hung requests. It records every request with its
 * headers, so tests can check who received credentials.
 */

type Behaviour =
  | { kind: 'json'; body: unknown; status?: number }
  | { kind: 'raw'; body: string; status?: number; contentType?: string }
  /** Sends the headers and the first half of `body`, then never the rest (a hang mid-body). */
  | { kind: 'stall'; body: string }
  /** Sends the headers and the first half of `body`, then destroys the socket. */
  | { kind: 'cut'; body: string }
  /** Never answers at all. */
  | { kind: 'hang' }
  | { kind: 'redirect'; location: string; status?: number };

interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

interface ScriptedServer {
  url: string;
  host: string;
  port: number;
  requests: SeenRequest[];
  /** `METHOD /path` or `/path` (without query) → behaviour; unscripted paths answer 404 JSON. */
  routes: Map<string, Behaviour>;
  close(): Promise<void>;
}

function answer(res: ServerResponse, behaviour: Behaviour): void {
  switch (behaviour.kind) {
    case 'json':
      res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(behaviour.body));
      return;
    case 'raw':
      res.writeHead(behaviour.status ?? 200, { 'content-type': behaviour.contentType ?? 'text/html' });
      res.end(behaviour.body);
      return;
    case 'stall':
    case 'cut':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(behaviour.body) });
      res.write(behaviour.body.slice(0, Math.floor(behaviour.body.length / 2)));
      if (behaviour.kind === 'cut') setImmediate(() => res.socket?.destroy());
      return;
    case 'hang':
      return;
    case 'redirect':
      res.writeHead(behaviour.status ?? 307, { location: behaviour.location });
      res.end();
      return;
  }
}

async function startScripted(host = '127.0.0.1'): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const routes = new Map<string, Behaviour>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    req.resume();
    const route = routes.get(`${req.method} ${path}`) ?? routes.get(path);
    answer(res, route ?? { kind: 'json', status: 404, body: { message: `no route ${path}` } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Marathon /v2/apps answer with one watched app whose tasks run on the given agents (by slaveId). */
function appsAnswer(appId: string, agents: Array<{ id: string; host: string }>) {
  return {
    apps: [
      {
        id: appId,
        cpus: 0.5,
        mem: 128,
        instances: agents.length,
        labels: { 'autopilot.enabled': 'true' },
        tasks: agents.map((agent, index) => ({
          id: `${appId.slice(1)}.task-${index}`,
          appId,
          host: agent.host,
          slaveId: agent.id,
          state: 'TASK_RUNNING',
        })),
      },
    ],
  };
}

/** A Mesos master /master/slaves answer. */
function slavesAnswer(agents: Array<{ id: string; host: string; port: number }>) {
  return {
    slaves: agents.map((agent) => ({
      id: agent.id,
      hostname: agent.host,
      port: agent.port,
      active: true,
      pid: `slave(1)@${agent.host}:${agent.port}`,
    })),
  };
}

/** An agent /monitor/statistics.json answer for one executor. */
function statisticsAnswer(executorId: string, cpuSecs: number) {
  return [
    {
      executor_id: executorId,
      framework_id: 'fw',
      statistics: {
        timestamp: Date.now() / 1000,
        cpus_limit: 1,
        cpus_user_time_secs: cpuSecs,
        cpus_system_time_secs: 0,
        mem_limit_bytes: 1024,
        mem_rss_bytes: 256,
      },
    },
  ];
}

export type { Behaviour, ScriptedServer, SeenRequest };
export { appsAnswer, slavesAnswer, startScripted, statisticsAnswer };
