import { afterEach, describe, expect, it } from 'vitest';
import { HttpResponseError } from '#shared/http/index.ts';
import { agentStatisticsUrl, MesosClient } from '#shared/mesos/index.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';

const timeouts = { connectTimeoutMs: 500, headersTimeoutMs: 500, bodyTimeoutMs: 500 };
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('MesosClient.listAgents', () => {
  it('follows a 307 from a non-leading master to the leader', async () => {
    const leader = await startTestServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        req.url === '/master/slaves'
          ? JSON.stringify({ slaves: [{ id: 'S0', hostname: '10.0.0.5', port: 5051, active: true, extra: 1 }] })
          : '{}',
      );
    });
    servers.push(leader);
    const follower = await startTestServer((req, res) => {
      res.statusCode = 307;
      res.setHeader('location', `${leader.url}${req.url}`);
      res.end();
    });
    servers.push(follower);

    const agents = await new MesosClient({ masterUrl: follower.url, timeouts }).listAgents();

    expect(agents).toEqual([{ id: 'S0', hostname: '10.0.0.5', port: 5051, active: true, extra: 1 }]);
  });

  it('names the agent whose entry lacks a required field', async () => {
    const master = await startTestServer((_req, res) => {
      res.end(JSON.stringify({ slaves: [{ id: 'S7', hostname: '10.0.0.7', active: true }] }));
    });
    servers.push(master);

    const error = await new MesosClient({ masterUrl: master.url, timeouts }).listAgents().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpResponseError);
    expect((error as HttpResponseError).problems[0]).toMatch(/^slaves\.0\(S7\)\.port: /);
  });
});

describe('agentStatisticsUrl', () => {
  it('brackets IPv6 addresses', () => {
    expect(agentStatisticsUrl({ hostname: 'fd00::5', port: 5051 }).host).toBe('[fd00::5]:5051');
  });
});
