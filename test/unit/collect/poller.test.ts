import { afterEach, describe, expect, it } from 'vitest';
import { pollAgents } from '#shared/collect/index.ts';
import { MesosClient } from '#shared/mesos/index.ts';
import { deadPort, type FakeAgent, startFakeAgent } from '#test/helpers/fake-mesos-agent.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';

const timeouts = { connectTimeoutMs: 300, headersTimeoutMs: 300, bodyTimeoutMs: 300 };
const servers: Array<FakeAgent | TestServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function agentServer(options: Parameters<typeof startFakeAgent>[0] = {}) {
  const agent = await startFakeAgent(options);
  servers.push(agent);
  return agent;
}

const executor = { id: 'web.1', cpuRate: 0.25, cpusLimit: 1, memRssBytes: 10, memLimitBytes: 100 };
const entry = (id: string, port: number) => ({ id, hostname: '127.0.0.1', port, active: true });

describe('pollAgents', () => {
  it('samples each agent with exactly one request and indexes executors by id', async () => {
    const a = await agentServer({ executors: [executor] });
    const b = await agentServer({ executors: [{ ...executor, id: 'api.1' }] });
    const mesos = new MesosClient({ masterUrl: 'http://127.0.0.1:1', timeouts });

    const samples = await pollAgents(mesos, [entry('A', a.port), entry('B', b.port)], { concurrency: 4 });

    expect([a.requests, b.requests]).toEqual([1, 1]);
    const sampleA = samples.get('A');
    expect(sampleA?.ok && [...sampleA.executors.keys()]).toEqual(['web.1']);
    expect(sampleA?.ok && sampleA.executors.get('web.1')?.cpusLimit).toBe(1);
  });

  it('never has more requests in flight than the pool size', async () => {
    const agents = await Promise.all(
      Array.from({ length: 8 }, () => agentServer({ behaviour: { kind: 'ok', delayMs: 30 } })),
    );
    const real = new MesosClient({ masterUrl: 'http://127.0.0.1:1', timeouts });
    let inFlight = 0;
    let peak = 0;
    const counting = {
      agentStatistics: async (...args: Parameters<MesosClient['agentStatistics']>) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await real.agentStatistics(...args);
        } finally {
          inFlight--;
        }
      },
    };

    const samples = await pollAgents(
      counting,
      agents.map((a, i) => entry(`S${i}`, a.port)),
      { concurrency: 3 },
    );

    expect(peak).toBe(3);
    expect([...samples.values()].every((s) => s.ok)).toBe(true);
  });

  it('reports dead, hung, failing and malformed agents while the others succeed', async () => {
    const good = await agentServer({ executors: [executor] });
    const hung = await agentServer({ behaviour: { kind: 'hang' } });
    const failing = await agentServer({ behaviour: { kind: 'status', statusCode: 503 } });
    const malformed = await agentServer({
      behaviour: { kind: 'body', body: '[{"executor_id":"web.9","statistics":{}}]' },
    });
    const mesos = new MesosClient({ masterUrl: 'http://127.0.0.1:1', timeouts });

    const samples = await pollAgents(
      mesos,
      [
        entry('good', good.port),
        entry('dead', await deadPort()),
        entry('hung', hung.port),
        entry('failing', failing.port),
        entry('malformed', malformed.port),
      ],
      { concurrency: 5, retryDelayMs: 1 },
    );

    const reason = (id: string) => {
      const sample = samples.get(id);
      return sample && !sample.ok ? sample.reason : 'ok';
    };
    expect(reason('good')).toBe('ok');
    expect(reason('dead')).toMatch(/^HTTP_NETWORK: /);
    expect(reason('hung')).toMatch(/^HTTP_TIMEOUT: .*headers timeout/);
    expect(reason('failing')).toMatch(/^HTTP_STATUS: .*503/);
    expect(reason('malformed')).toMatch(/0\(web\.9\)\.framework_id/);
    // One retry for retryable failures (timeout, 5xx), none for a malformed body.
    expect([hung.requests, failing.requests, malformed.requests]).toEqual([2, 2, 1]);
  });

  it('stops at the invocation deadline instead of waiting for a hung agent', async () => {
    const hung = await agentServer({ behaviour: { kind: 'hang' } });
    const mesos = new MesosClient({
      masterUrl: 'http://127.0.0.1:1',
      timeouts: { ...timeouts, headersTimeoutMs: 60_000 },
    });

    const samples = await pollAgents(mesos, [entry('hung', hung.port)], {
      concurrency: 1,
      signal: AbortSignal.timeout(100),
    });

    const sample = samples.get('hung');
    expect(sample?.ok === false && sample.reason).toMatch(/deadline/);
  });

  it('does not follow an agent’s redirect elsewhere', async () => {
    let elsewhereHits = 0;
    const elsewhere = await startTestServer((_req, res) => {
      elsewhereHits++;
      res.end('[]');
    });
    servers.push(elsewhere);
    const redirecting = await startTestServer((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', `${elsewhere.url}/monitor/statistics.json`);
      res.end();
    });
    servers.push(redirecting);
    const mesos = new MesosClient({ masterUrl: 'http://127.0.0.1:1', timeouts });

    const samples = await pollAgents(mesos, [entry('R', Number(new URL(redirecting.url).port))], { concurrency: 1 });

    expect(samples.get('R')?.ok).toBe(false);
    expect(elsewhereHits).toBe(0);
  });
});
