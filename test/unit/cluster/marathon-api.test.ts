import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { MarathonClient, MarathonDeploymentLockedError, MarathonInvalidAppError } from '#shared/marathon/index.ts';
import { type MesosAgent, MesosClient } from '#shared/mesos/index.ts';

const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

// Apps here are either unplaceable (more cpus than any agent) or have 0 instances: no process is started.
describe('the stand-in Marathon API', () => {
  let cluster: LocalCluster;
  let client: MarathonClient;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${cluster.marathonUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Basic ${btoa('ops:s3cret')}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
  }

  beforeAll(async () => {
    cluster = await startCluster({ agents: 1, marathonCredentials: 'ops:s3cret', agentResources: { cpus: 2 } });
    client = new MarathonClient({ baseUrl: cluster.marathonUrl, credentials: 'ops:s3cret', timeouts });
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('answers /ping with pong, even without credentials', async () => {
    const response = await fetch(`${cluster.marathonUrl}/ping`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('pong');
  });

  it('refuses requests without the configured credentials with 401', async () => {
    const response = await fetch(`${cluster.marathonUrl}/v2/apps`);
    expect(response.status).toBe(401);
    const wrong = await call('GET', '/v2/apps', undefined, { authorization: `Basic ${btoa('ops:nope')}` });
    expect(wrong.status).toBe(401);
  });

  it('answers 404 with Marathon message for an unknown app', async () => {
    const response = await call('GET', '/v2/apps/nope/missing');
    expect(response).toEqual({ status: 404, body: { message: "App '/nope/missing' does not exist" } });
    expect(await client.getApp('/nope/missing')).toBeUndefined();
    expect((await call('DELETE', '/v2/apps/nope')).status).toBe(404);
  });

  it('answers 422 with details for an invalid definition', async () => {
    const error = await client.putApp('/Bad_Id', { cmd: 'sleep 1', cpus: 0, mem: -5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarathonInvalidAppError);
    const { details } = error as MarathonInvalidAppError;
    expect(details.map((d) => d.path)).toEqual(['/id', '/cpus', '/mem']);
    const raw = await call('POST', '/v2/apps', { id: '/ok', cpus: 1, mem: 1 });
    expect(raw.status).toBe(422);
    expect(raw.body.message).toBe('Object is not valid');
  });

  it('keeps an unplaceable deployment open, visible in /v2/deployments and /v2/queue, and answers 409 until forced', async () => {
    const first = await client.putApp('/team/huge', { cmd: 'sleep 100', cpus: 64, mem: 64, instances: 2 });
    const deployments = await client.listDeployments();
    expect(deployments.map((d) => d.id)).toContain(first.deploymentId);
    expect(deployments.find((d) => d.id === first.deploymentId)?.affectedApps).toEqual(['/team/huge']);

    const queue = await call('GET', '/v2/queue');
    expect(queue.body.queue).toEqual([
      expect.objectContaining({ count: 2, app: expect.objectContaining({ id: '/team/huge' }) }),
    ]);

    const locked = await call('PUT', '/v2/apps/team/huge', { instances: 1 });
    expect(locked.status).toBe(409);
    expect(locked.body).toEqual({
      message: `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${first.deploymentId}'.`,
      deployments: [{ id: first.deploymentId }],
    });
    const error = await client.scaleApp('/team/huge', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarathonDeploymentLockedError);
    expect((error as MarathonDeploymentLockedError).deploymentIds).toEqual([first.deploymentId]);

    const forced = await client.scaleApp('/team/huge', 0, { force: true });
    expect(forced.deploymentId).not.toBe(first.deploymentId);
    const app = await client.getApp('/team/huge');
    expect(app?.instances).toBe(0);
    expect(app?.deployments).toEqual([]);
    await client.deleteApp('/team/huge');
  });

  it('moves lastScalingAt on a scale and lastConfigChangeAt only on a config change', async () => {
    await client.putApp('/versions', { cmd: 'sleep 100', cpus: 0.1, mem: 16, instances: 0 });
    const created = await client.getApp('/versions');
    await client.scaleApp('/versions', 0);
    const scaled = await client.getApp('/versions');
    expect(scaled?.versionInfo?.lastConfigChangeAt).toBe(created?.versionInfo?.lastConfigChangeAt);
    expect(scaled?.versionInfo?.lastScalingAt).not.toBe(created?.versionInfo?.lastScalingAt);
    expect(scaled?.version).toBe(scaled?.versionInfo?.lastScalingAt);

    await client.putApp('/versions', { cmd: 'sleep 200' });
    const changed = await client.getApp('/versions');
    expect(changed?.cmd).toBe('sleep 200');
    expect(changed?.versionInfo?.lastConfigChangeAt).not.toBe(created?.versionInfo?.lastConfigChangeAt);
    expect(changed?.versionInfo?.lastConfigChangeAt).toBe(changed?.version);
    await client.deleteApp('/versions');
  });

  it('answers 409 when POST names an existing app, and 201 with the app when it does not', async () => {
    const created = await call('POST', '/v2/apps', { id: 'posted', cmd: 'sleep 1', instances: 0 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: '/posted', cpus: 1, mem: 128, instances: 0 });
    const again = await call('POST', '/v2/apps', { id: '/posted', cmd: 'sleep 1', instances: 0 });
    expect(again).toEqual({ status: 409, body: { message: 'An app with id [/posted] already exists.' } });
    await client.deleteApp('/posted');
  });

  it('keeps labels, env, fetch derived from legacy uris and port definitions', async () => {
    await client.putApp('/kept', {
      cmd: 'sleep 1',
      instances: 0,
      labels: { 'autopilot.enabled': 'true' },
      env: { MODE: 'x' },
      uris: ['http://127.0.0.1:1/b/app.tar.gz'],
      portDefinitions: [{ port: 0, protocol: 'tcp', name: 'http' }],
    } as never);
    const app = await client.getApp('/kept');
    expect(app).toMatchObject({
      labels: { 'autopilot.enabled': 'true' },
      env: { MODE: 'x' },
      uris: ['http://127.0.0.1:1/b/app.tar.gz'],
      fetch: [{ uri: 'http://127.0.0.1:1/b/app.tar.gz', extract: true, executable: false, cache: false }],
      portDefinitions: [{ port: 0, protocol: 'tcp', name: 'http' }],
    });
    const labelled = await call('GET', `/v2/apps?label=${encodeURIComponent('autopilot.enabled==true')}`);
    expect(labelled.body.apps.map((app: { id: string }) => app.id)).toEqual(['/kept']);
    const unlabelled = await call('GET', `/v2/apps?label=${encodeURIComponent('autopilot.enabled!=true')}`);
    expect(unlabelled.body.apps.map((app: { id: string }) => app.id)).not.toContain('/kept');
    await client.deleteApp('/kept');
  });

  it('requires the Mesos credentials on the master and agents when configured', async () => {
    const secured = await startCluster({ agents: 1, mesosCredentials: 'mesos:pw' });
    try {
      expect((await fetch(`${secured.mesosMasterUrl}/master/slaves`)).status).toBe(401);
      expect((await fetch(`${secured.agents[0]?.url}/monitor/statistics.json`)).status).toBe(401);
      const mesos = new MesosClient({ masterUrl: secured.mesosMasterUrl, credentials: 'mesos:pw', timeouts });
      const [agent] = await mesos.listAgents();
      expect(await mesos.agentStatistics(agent as MesosAgent)).toEqual([]);
    } finally {
      await secured.stop();
    }
  });

  it('lists the agents in /master/slaves with their resources', async () => {
    const response = await fetch(`${cluster.mesosMasterUrl}/master/slaves`);
    const body = (await response.json()) as {
      slaves: { id: string; hostname: string; port: number; active: boolean }[];
    };
    expect(body.slaves).toEqual([
      expect.objectContaining({
        id: cluster.agents[0]?.id,
        hostname: '127.0.0.1',
        port: cluster.agents[0]?.port,
        active: true,
      }),
    ]);
  });

  it('queues statistics requests beyond 2 per second instead of rejecting them', async () => {
    const url = `${cluster.agents[0]?.url}/monitor/statistics.json`;
    const statuses = await Promise.all([1, 2, 3].map(async () => (await fetch(url)).status));
    expect(statuses).toEqual([200, 200, 200]);
  });

  it('shows a stopped agent as inactive and a restarted one as active again, on the same id', async () => {
    const [agent] = cluster.agents;
    await cluster.stopAgent(agent?.id as string);
    const slaves = async () =>
      (
        (await (await fetch(`${cluster.mesosMasterUrl}/master/slaves`)).json()) as {
          slaves: { id: string; active: boolean }[];
        }
      ).slaves;
    expect(await slaves()).toEqual([expect.objectContaining({ id: agent?.id, active: false })]);
    const restarted = await cluster.startAgent(agent?.id);
    expect(restarted).toMatchObject({ id: agent?.id, active: true });
    expect(await slaves()).toEqual([expect.objectContaining({ id: agent?.id, active: true })]);
    expect((await fetch(`${restarted.url}/monitor/statistics`)).status).toBe(200);
  });
});
