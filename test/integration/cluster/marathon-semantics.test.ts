import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTreeAlive, type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { MarathonClient, type MarathonTask } from '#shared/marathon/index.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

// Tasks here are `sleep` processes: cheap, and enough to see Marathon's task lifecycle.
describe('the stand-in Marathon task lifecycle', () => {
  let cluster: LocalCluster;
  let client: MarathonClient;
  let missingBundle: TestServer;

  const running = (tasks: MarathonTask[]) => tasks.filter((task) => task.state === 'TASK_RUNNING');
  const pidOf = (appId: string, taskId: string) =>
    cluster.marathon.apps.get(appId)?.tasks.get(taskId)?.agentTask.pid as number;

  /** These apps keep a deployment open on purpose, so only a forced delete gets through. */
  async function forceDelete(appId: string): Promise<void> {
    await client.deleteApp(appId, { force: true });
    await waitFor(async () => (await client.getApp(appId)) === undefined, { what: `${appId} deleted` });
  }

  async function settled(appId: string, count: number): Promise<MarathonTask[] | undefined> {
    const app = await client.getApp(appId);
    const tasks = app?.tasks ?? [];
    const ok = app?.deployments?.length === 0 && tasks.length === count && running(tasks).length === count;
    return ok ? tasks : undefined;
  }

  beforeAll(async () => {
    cluster = await startCluster({ agents: 2, agentResources: { cpus: 1, mem: 1024 }, killGracePeriodMs: 200 });
    client = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
    missingBundle = await startTestServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    await missingBundle?.close();
  });

  it('scales down by killing the youngest tasks first', async () => {
    await client.putApp('/life/scale', { cmd: 'sleep 60', cpus: 0.1, mem: 16, instances: 2 });
    const first = await waitFor(() => settled('/life/scale', 2), { what: '2 tasks' });
    await client.scaleApp('/life/scale', 4);
    const four = await waitFor(() => settled('/life/scale', 4), { what: '4 tasks' });
    const newer = four.filter((task) => !first.some((old) => old.id === task.id));
    const newerPids = newer.map((task) => pidOf('/life/scale', task.id));

    await client.scaleApp('/life/scale', 2);
    const left = await waitFor(() => settled('/life/scale', 2), { what: 'back to 2' });
    expect(left.map((task) => task.id).sort()).toEqual(first.map((task) => task.id).sort());
    for (const pid of newerPids) await waitFor(() => !isTreeAlive(pid), { what: `pid ${pid} gone` });
  });

  it('rolls a config change out as a new version, replacing every old task', async () => {
    const before = (await client.getApp('/life/scale'))?.tasks ?? [];
    const oldPids = before.map((task) => pidOf('/life/scale', task.id));
    const { version } = await client.putApp('/life/scale', { cmd: 'sleep 61' });
    const after = await waitFor(
      async () => {
        const tasks = await settled('/life/scale', 2);
        return tasks?.every((task) => task.version === version) ? tasks : undefined;
      },
      { what: 'new-version tasks only' },
    );
    expect(after.some((task) => before.some((old) => old.id === task.id))).toBe(false);
    for (const pid of oldPids) await waitFor(() => !isTreeAlive(pid), { what: `old pid ${pid} gone` });
    const app = await client.getApp('/life/scale');
    expect(app?.versionInfo?.lastConfigChangeAt).toBe(version);
  });

  it('deletes an app by killing all its tasks', async () => {
    const pids = ((await client.getApp('/life/scale'))?.tasks ?? []).map((task) => pidOf('/life/scale', task.id));
    await client.deleteApp('/life/scale');
    await waitFor(async () => (await client.getApp('/life/scale')) === undefined, { what: 'app gone' });
    for (const pid of pids) expect(isTreeAlive(pid)).toBe(false);
  });

  it('relaunches a task that exits, recording lastTaskFailure and backing off', async () => {
    await client.putApp('/life/crash', {
      cmd: 'sleep 0.2; exit 3',
      cpus: 0.1,
      mem: 16,
      instances: 1,
      backoffSeconds: 1,
      backoffFactor: 2,
    } as never);
    const failure = await waitFor(
      async () => {
        const app = await client.getApp('/life/crash');
        return (app as { lastTaskFailure?: { message: string; state: string } } | undefined)?.lastTaskFailure;
      },
      { what: 'a task failure' },
    );
    expect(failure).toMatchObject({ state: 'TASK_FAILED', message: 'Command exited with status 3' });
    const ids = new Set<string>();
    await waitFor(
      async () => {
        for (const task of (await client.getApp('/life/crash'))?.tasks ?? []) ids.add(task.id);
        return ids.size >= 2;
      },
      { timeoutMs: 10_000, what: 'a relaunched task' },
    );
    const record = cluster.marathon.apps.get('/life/crash');
    expect(record?.backoff.failures).toBeGreaterThanOrEqual(1);
    await forceDelete('/life/crash');
  });

  it('fails a task whose fetch fails and keeps it waiting with a launch delay', async () => {
    await client.putApp('/life/nofetch', {
      cmd: './app/run.sh',
      cpus: 0.1,
      mem: 16,
      instances: 1,
      fetch: [{ uri: `${missingBundle.url}/bundles/missing.tar.gz` }],
      backoffSeconds: 30,
    } as never);
    const failure = await waitFor(
      async () => (await client.getApp('/life/nofetch')) as { lastTaskFailure?: { message: string; state: string } },
      { what: 'fetch failure' },
    ).then((app) => waitFor(async () => ((await client.getApp('/life/nofetch')) as typeof app).lastTaskFailure));
    expect(failure.state).toBe('TASK_FAILED');
    expect(failure.message).toContain('HTTP 404');
    const queue = (await (await fetch(`${cluster.marathonUrl}/v2/queue`)).json()) as {
      queue: { app: { id: string }; count: number; delay: { timeLeftSeconds: number; overdue: boolean } }[];
    };
    const entry = queue.queue.find((item) => item.app.id === '/life/nofetch');
    expect(entry?.count).toBe(1);
    expect(entry?.delay.overdue).toBe(false);
    expect(entry?.delay.timeLeftSeconds).toBeGreaterThan(0);
    expect((await client.listDeployments()).some((d) => d.affectedApps.includes('/life/nofetch'))).toBe(true);
    await forceDelete('/life/nofetch');
  });

  it('enforces agent resources: what does not fit waits in the queue and keeps the deployment open', async () => {
    // Two agents of 1 cpu; each task takes 0.4 + 0.1 executor overhead, so 2 fit per agent.
    await client.putApp('/life/big', { cmd: 'sleep 60', cpus: 0.4, mem: 16, instances: 5 });
    await waitFor(async () => running(await client.listTasks('/life/big')).length === 4, { what: '4 running' });
    const queue = (await (await fetch(`${cluster.marathonUrl}/v2/queue`)).json()) as {
      queue: { app: { id: string }; count: number }[];
    };
    expect(queue.queue.find((item) => item.app.id === '/life/big')?.count).toBe(1);
    expect((await client.listTasks('/life/big')).length).toBe(4);
    expect((await client.listDeployments()).some((d) => d.affectedApps.includes('/life/big'))).toBe(true);

    const added = await cluster.startAgent();
    const tasks = await waitFor(() => settled('/life/big', 5), { what: 'the 5th task placed on a new agent' });
    expect(tasks.filter((task) => task.slaveId === added.id)).toHaveLength(1);
    await client.deleteApp('/life/big');
  });

  it('kills and replaces a task that fails its health checks', async () => {
    await client.putApp('/life/unhealthy', {
      cmd: 'sleep 60',
      cpus: 0.1,
      mem: 16,
      instances: 1,
      backoffSeconds: 0,
      healthChecks: [
        { protocol: 'HTTP', path: '/', intervalSeconds: 0.2, gracePeriodSeconds: 0, maxConsecutiveFailures: 2 },
      ],
    } as never);
    const failure = await waitFor(
      async () =>
        ((await client.getApp('/life/unhealthy')) as { lastTaskFailure?: { message: string } }).lastTaskFailure,
      { what: 'a health-check kill' },
    );
    expect(failure.message).toContain('health checks');
    const app = await client.getApp('/life/unhealthy');
    expect(app?.deployments).toHaveLength(1);
    await forceDelete('/life/unhealthy');
  });
});
