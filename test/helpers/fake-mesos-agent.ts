import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real loopback HTTP server that answers like a Mesos agent's /monitor/statistics.json, with cumulative CPU
 * counters that grow at a known rate from real time, so a collector's figures can be checked by hand.
 */

interface FakeExecutor {
  /** executor_id (== the Marathon task id for command tasks). */
  id: string;
  /** CPU seconds burnt per wall-clock second (0.3 = 30 % of one core). */
  cpuRate: number;
  cpusLimit: number;
  memRssBytes: number;
  memLimitBytes: number;
  /** Cumulative CPU seconds at start. **Default:** 100 */
  baseCpuSecs?: number;
}

type AgentBehaviour =
  | { kind: 'ok'; delayMs?: number }
  /** Accepts the connection, never answers (a hung agent: headers timeout). */
  | { kind: 'hang' }
  | { kind: 'status'; statusCode: number }
  | { kind: 'body'; body: string };

interface FakeAgent {
  url: string;
  host: string;
  port: number;
  /** Requests served so far. */
  requests: number;
  /** Concurrent requests at the busiest moment. */
  peakInFlight: number;
  executors: FakeExecutor[];
  behaviour: AgentBehaviour;
  close(): Promise<void>;
}

function statisticsOf(executors: readonly FakeExecutor[], startedAtMs: number, nowMs: number) {
  const elapsedS = (nowMs - startedAtMs) / 1000;
  return executors.map((executor) => {
    const cpu = (executor.baseCpuSecs ?? 100) + executor.cpuRate * elapsedS;
    return {
      executor_id: executor.id,
      executor_name: `Command Executor (Task: ${executor.id})`,
      framework_id: 'fake-framework-0001',
      source: executor.id,
      statistics: {
        timestamp: nowMs / 1000,
        cpus_limit: executor.cpusLimit,
        // Mesos splits CPU time into user and system; the collector must add both.
        cpus_user_time_secs: cpu * 0.75,
        cpus_system_time_secs: cpu * 0.25,
        mem_limit_bytes: executor.memLimitBytes,
        mem_rss_bytes: executor.memRssBytes,
        net_rx_bytes: 123,
      },
    };
  });
}

/** Starts a fake agent on `host` (any 127.x address works on Linux) and a free port. */
async function startFakeAgent(
  options: { executors?: FakeExecutor[]; behaviour?: AgentBehaviour; host?: string } = {},
): Promise<FakeAgent> {
  const startedAtMs = Date.now();
  let inFlight = 0;
  const agent = {
    requests: 0,
    peakInFlight: 0,
    executors: options.executors ?? [],
    behaviour: options.behaviour ?? ({ kind: 'ok' } as AgentBehaviour),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    agent.requests++;
    inFlight++;
    agent.peakInFlight = Math.max(agent.peakInFlight, inFlight);
    res.on('close', () => inFlight--);
    const behaviour = agent.behaviour;
    if (behaviour.kind === 'hang') return;
    if (req.url !== '/monitor/statistics.json') {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    if (behaviour.kind === 'status') {
      res.statusCode = behaviour.statusCode;
      res.end('{"error":"fake failure"}');
      return;
    }
    if (behaviour.kind === 'body') {
      res.end(behaviour.body);
      return;
    }
    if (behaviour.delayMs) await sleep(behaviour.delayMs);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(statisticsOf(agent.executors, startedAtMs, Date.now())));
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(agent, {
    url: `http://${host}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A loopback port with nothing listening (a dead agent): bind, note the port, close. */
async function deadPort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type { AgentBehaviour, FakeAgent, FakeExecutor };
export { deadPort, startFakeAgent, statisticsOf };
