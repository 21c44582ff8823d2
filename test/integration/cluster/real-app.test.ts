import { readdirSync, readlinkSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTreeAlive, type LocalCluster, startCluster, trackedGroups } from '#local/cluster/index.ts';
import { MarathonClient, type MarathonTask } from '#shared/marathon/index.ts';
import { MesosClient } from '#shared/mesos/index.ts';
import { type LocalS3, pythonHttpBundle, startS3 } from '#test/helpers/cluster-fixtures.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };
const APP_ID = '/it/web';

/** Processes whose working directory is inside `dir` (every task runs in a sandbox there). */
function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(dir)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await request(url, { headersTimeout: 3_000, bodyTimeout: 3_000 });
  return (await response.body.json()) as Record<string, unknown>;
}

describe('the stand-in running a real HTTP app bundle from s3rver', () => {
  let s3: LocalS3;
  let cluster: LocalCluster;
  let marathon: MarathonClient;
  let mesos: MesosClient;
  let dataDir: string;
  const seenPids = new Set<number>();

  function taskPids(): number[] {
    const record = cluster.marathon.apps.get(APP_ID);
    const pids = [...(record?.tasks.values() ?? [])].flatMap((task) => task.agentTask.pid ?? []);
    for (const pid of pids) seenPids.add(pid);
    return pids;
  }

  async function runningTasks(count: number): Promise<MarathonTask[] | undefined> {
    const tasks = await marathon.listTasks(APP_ID);
    const deployments = await marathon.listDeployments();
    // Healthy, not just running: the health check proves the app is listening on $PORT0.
    const running = tasks.filter((task) => task.state === 'TASK_RUNNING' && task.healthCheckResults?.[0]?.alive);
    return deployments.length === 0 && tasks.length === count && running.length === count ? tasks : undefined;
  }

  async function cpuByExecutor(): Promise<Map<string, number>> {
    const agents = (await mesos.listAgents()).filter((agent) => agent.active);
    const stats = (await Promise.all(agents.map((agent) => mesos.agentStatistics(agent)))).flat();
    return new Map(
      stats.map((s) => [
        s.executor_id,
        (s.statistics.cpus_user_time_secs ?? 0) + (s.statistics.cpus_system_time_secs ?? 0),
      ]),
    );
  }

  beforeAll(async () => {
    s3 = await startS3();
    cluster = await startCluster({ agents: 3, killGracePeriodMs: 500, standbyMaster: true });
    dataDir = cluster.dataDir;
    marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
    // Through the standby: the client must follow the 307 to the leading master.
    mesos = new MesosClient({ masterUrl: cluster.standbyMasterUrl as string, timeouts });
  });

  afterAll(async () => {
    await cluster?.stop();
    await s3?.close();
  });

  it('deploys 3 instances that each answer on their own $PORT0', async () => {
    const uri = await s3.put('bundles/it-web/v1.tar.gz', await pythonHttpBundle());
    await marathon.putApp(APP_ID, {
      cmd: './app/run.sh',
      cpus: 0.2,
      mem: 64,
      instances: 3,
      env: { MODE: 'integration' },
      fetch: [{ uri, extract: true }],
      healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0, intervalSeconds: 1, gracePeriodSeconds: 15 }],
    });
    const tasks = await waitFor(() => runningTasks(3), { timeoutMs: 20_000, what: '3 running tasks' });

    expect(new Set(tasks.map((task) => task.slaveId)).size).toBe(3);
    for (const task of tasks) {
      const answer = await getJson(`http://${task.host}:${task.ports?.[0]}/`);
      expect(answer).toEqual({ taskId: task.id, appId: APP_ID, port: String(task.ports?.[0]), mode: 'integration' });
    }
    const app = await marathon.getApp(APP_ID);
    expect(app).toMatchObject({ tasksRunning: 3, tasksHealthy: 3, tasksStaged: 0 });
    expect(taskPids()).toHaveLength(3);
  });

  it('reports the three tasks in the agents statistics with CPU time rising under load', async () => {
    const tasks = await marathon.listTasks(APP_ID);
    const before = await cpuByExecutor();
    expect([...before.keys()].sort()).toEqual(tasks.map((task) => task.id).sort());

    const loadUntil = Date.now() + 1_500;
    await Promise.all(
      tasks.map(async (task) => {
        while (Date.now() < loadUntil) await getJson(`http://${task.host}:${task.ports?.[0]}/burn`);
      }),
    );
    const after = await waitFor(
      async () => {
        const now = await cpuByExecutor();
        return tasks.every((task) => (now.get(task.id) ?? 0) > (before.get(task.id) ?? 0)) ? now : undefined;
      },
      { timeoutMs: 5_000, what: 'CPU time to rise' },
    );
    expect(after.size).toBe(3);
  });

  it('scales down to 1, killing the other two process trees', async () => {
    const pidsBefore = taskPids();
    await marathon.scaleApp(APP_ID, 1);
    const [survivor] = await waitFor(() => runningTasks(1), { timeoutMs: 10_000, what: 'scale to 1' });
    const survivorPid = taskPids()[0] as number;
    for (const pid of pidsBefore.filter((pid) => pid !== survivorPid)) {
      await waitFor(() => !isTreeAlive(pid), { timeoutMs: 5_000, what: `pid ${pid} to exit` });
    }
    expect(survivor?.state).toBe('TASK_RUNNING');
  });

  it('replaces the task of a stopped agent on another agent', async () => {
    const [lost] = await marathon.listTasks(APP_ID);
    const lostPid = taskPids()[0] as number;
    await cluster.stopAgent(lost?.slaveId as string);

    const [replacement] = await waitFor(
      async () => {
        const tasks = await runningTasks(1);
        return tasks?.[0] && tasks[0].id !== lost?.id ? tasks : undefined;
      },
      { timeoutMs: 15_000, what: 'a replacement task' },
    );
    expect(replacement?.slaveId).not.toBe(lost?.slaveId);
    expect(isTreeAlive(lostPid)).toBe(false);
    const agents = await mesos.listAgents();
    expect(agents.find((agent) => agent.id === lost?.slaveId)?.active).toBe(false);
    const answer = await getJson(`http://${replacement?.host}:${replacement?.ports?.[0]}/`);
    expect(answer.taskId).toBe(replacement?.id);
    taskPids();
  });

  it('leaves no process behind when stopped', async () => {
    expect(processesUnder(dataDir).length).toBeGreaterThan(0);
    await cluster.stop();
    expect(processesUnder(dataDir)).toEqual([]);
    for (const pid of seenPids) expect(isTreeAlive(pid)).toBe(false);
    expect(trackedGroups()).toEqual([]);
  });
});
