import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { createCollector } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { type AppUsageMessage, AppUsageMessageSchema } from '#shared/usage/index.ts';
import {
  type LocalBucket,
  type LocalQueue,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';
import { procCpu } from '#test/helpers/proc-agent.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

/**
 * The collector against the local Marathon + Mesos stand-in, whose agents run real processes and report /proc
 * counters: tasks burning known fractions of a core (2.25 cores of demand in all: load on a small machine), figures compared
 * with the same process groups' CPU use read independently from /proc.
 */

const timeouts = { connectTimeoutMs: 1_000, headersTimeoutMs: 3_000, bodyTimeoutMs: 3_000 };
const APPS = [
  { id: '/burn-low', fraction: 0.2, cpus: 0.5, instances: 2 },
  { id: '/burn-high', fraction: 0.9, cpus: 1, instances: 2 },
];
let cluster: LocalCluster;
let bucket: LocalBucket;
let queue: LocalQueue;
let workDir: string;
let collector: ReturnType<typeof createCollector>;

/** Busy for `fraction` of every 100 ms, so the process uses about that much of a core when there is room. */
const BURNER = `
const busyMs = Math.round(Number(process.env.BURN_FRACTION) * 100);
const tick = () => { const end = Date.now() + busyMs; while (Date.now() < end) {} setTimeout(tick, 100 - busyMs); };
tick();
`;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'collect-stand-in-'));
  await writeFile(join(workDir, 'burn.js'), BURNER);
  bucket = await startLocalBucket('bundles');
  queue = await startLocalFifoQueue();
  cluster = await startCluster({ agents: 2, killGracePeriodMs: 200, standbyMaster: true });
  const marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
  for (const app of [...APPS, { id: '/not-watched', fraction: 0.05, cpus: 0.1, instances: 1 }]) {
    await marathon.putApp(app.id, {
      cmd: `exec "${process.execPath}" "${join(workDir, 'burn.js')}"`,
      cpus: app.cpus,
      mem: 64,
      instances: app.instances,
      env: { BURN_FRACTION: String(app.fraction) },
      labels: app.id === '/not-watched' ? {} : { 'autopilot.enabled': 'true' },
    });
  }
  await waitFor(
    async () => {
      const tasks = (await marathon.listApps({ embedTasks: true })).flatMap((app) => app.tasks ?? []);
      return tasks.length === 5 && tasks.every((task) => task.state === 'TASK_RUNNING') ? tasks : undefined;
    },
    { timeoutMs: 20_000, what: '5 running tasks' },
  );
  await marathon.close();
  const config = loadConfig({
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    MARATHON_URL: cluster.marathonUrl,
    // Through the standby: the collector must follow the 307 to the leading master.
    MESOS_MASTER_URL: cluster.standbyMasterUrl as string,
    SECOND_SAMPLE_DELAY_MS: '1000',
  });
  const logger = new Logger({ service: 'test', level: 'error', sink: () => {} });
  collector = createCollector(config, { s3: bucket.s3, sqs: queue.sqs, logger });
});

afterAll(async () => {
  await collector?.close();
  await cluster?.stop();
  await queue?.close();
  await bucket?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** CPU seconds of every process in the task's process group (the stand-in starts each task as a group leader). */
function groupCpu(leaderPid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== leaderPid) continue;
      const cpu = procCpu(Number(entry));
      total += cpu.user + cpu.system;
    } catch {
      // the process exited between listing and reading
    }
  }
  return total;
}

function taskPids(): Map<string, number> {
  const pids = new Map<string, number>();
  for (const record of cluster.marathon.apps.values()) {
    for (const task of record.tasks.values()) if (task.agentTask.pid) pids.set(task.id, task.agentTask.pid);
  }
  return pids;
}

async function cycle(cycleId: string) {
  const summary = await collector.run({ cycleId });
  const bodies = await queue.drain();
  const messages = new Map<string, AppUsageMessage>(
    bodies.map((body) => AppUsageMessageSchema.parse(JSON.parse(body))).map((m) => [m.appId, m]),
  );
  return { summary, messages };
}

describe('collect against the local cluster stand-in (real processes, /proc counters)', () => {
  it('reports utilisation within 10 % of the processes’ real CPU use, under load', async () => {
    await cycle('warm');
    const pids = taskPids();
    const before = new Map([...pids].map(([id, pid]) => [id, groupCpu(pid)]));
    const t0 = Date.now();
    await sleep(3_000);
    const after = new Map([...pids].map(([id, pid]) => [id, groupCpu(pid)]));
    const elapsedS = (Date.now() - t0) / 1000;
    const { summary, messages } = await cycle('measured');

    expect(summary).toMatchObject({ apps: 2, tasks: 4, tasksMissing: 0, agentsFailed: [], agentsResampled: 0 });
    for (const app of APPS) {
      const message = messages.get(app.id);
      expect(message).toMatchObject({ instances: app.instances, tasksRunning: app.instances, tasksMissing: 0 });
      for (const task of message?.tasks ?? []) {
        // The executor's limit is the app's cpus + 0.1 (Marathon's command executor overhead).
        const real = ((after.get(task.id) ?? 0) - (before.get(task.id) ?? 0)) / elapsedS / (app.cpus + 0.1);
        expect(task.cpu).not.toBeNull();
        expect(Math.abs((task.cpu ?? 0) - real) / real, `${task.id}: ${task.cpu} vs ${real}`).toBeLessThan(0.1);
        expect(task.mem).toBeGreaterThan(0);
      }
    }
  });

  it('completes a cycle while an agent is down, polling only the live one', async () => {
    const [stopped] = cluster.agents;
    await cluster.stopAgent(stopped?.id as string);

    const { summary, messages } = await cycle('agent-down');

    expect(summary.agentsPolled).toBe(1);
    expect([...messages.keys()].sort()).toEqual(['/burn-high', '/burn-low']);
    for (const message of messages.values()) {
      // Tasks of the stopped agent are either relaunched elsewhere already or missing with the agent named.
      if (message.tasksMissing > 0) expect(message.agentsFailed).toContain(stopped?.id);
    }
  });
});
