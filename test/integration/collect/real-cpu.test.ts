import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectSummary, createCollector } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import { type AppUsageMessage, AppUsageMessageSchema } from '#shared/usage/index.ts';
import { startFakeMarathon, startFakeMaster } from '#test/helpers/fake-cluster-api.ts';
import {
  type LocalBucket,
  type LocalQueue,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';
import { type ProcAgent, procCpu, startBurner, startProcAgent } from '#test/helpers/proc-agent.ts';

/**
 * Real processes burning known fractions of a CPU, an agent reading their counters from /proc, and the collector:
 * its figure must match the processes' CPU use as /proc reports it over the same interval, within 10 %.
 */

const closers: Array<() => Promise<void>> = [];
const burners: ChildProcess[] = [];
let bucket: LocalBucket;
let queue: LocalQueue;
let agent: ProcAgent;
let collector: ReturnType<typeof createCollector>;
const FRACTIONS = [0.2, 0.4, 0.6];
const CPUS_LIMIT = 0.5;

beforeAll(async () => {
  bucket = await startLocalBucket('bundles');
  queue = await startLocalFifoQueue();
  closers.push(bucket.close, queue.close);
  for (const fraction of FRACTIONS) burners.push(startBurner(fraction));
  agent = await startProcAgent(
    burners.map((burner, i) => ({
      id: `burn.${i}`,
      pid: burner.pid as number,
      cpusLimit: CPUS_LIMIT,
      memLimitBytes: 512 * 1024 * 1024,
    })),
  );
  const marathon = await startFakeMarathon([
    {
      id: '/burn',
      instances: FRACTIONS.length,
      labels: { 'autopilot.enabled': 'true' },
      tasks: FRACTIONS.map((_, i) => ({ id: `burn.${i}`, appId: '/burn', host: '127.0.0.1', slaveId: 'P' })),
    },
  ]);
  const master = await startFakeMaster([{ id: 'P', hostname: '127.0.0.1', port: agent.port }]);
  closers.push(agent.close, marathon.close, master.close);
  const config = loadConfig({
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: master.url,
    SECOND_SAMPLE_DELAY_MS: '1000',
  });
  const logger = new Logger({ service: 'test', level: 'error', sink: () => {} });
  collector = createCollector(config, { s3: bucket.s3, sqs: queue.sqs, logger });
  closers.push(collector.close);
  await sleep(300); // let the burners reach their rhythm
});

afterAll(async () => {
  for (const burner of burners) burner.kill('SIGKILL');
  for (const close of closers.reverse()) await close();
});

async function cycle(cycleId: string): Promise<{ summary: CollectSummary; message: AppUsageMessage }> {
  const summary = await collector.run({ cycleId });
  const [body] = await queue.drain();
  return { summary, message: AppUsageMessageSchema.parse(JSON.parse(body ?? '')) };
}

/** CPU seconds each burner used, per /proc. */
const cpuNow = () => burners.map((burner) => procCpu(burner.pid as number)).map((c) => c.user + c.system);

describe('collect figures against real CPU use (/proc)', () => {
  it('matches each process’s real CPU use over the interval within 10 %', async () => {
    await cycle('warm');
    const before = cpuNow();
    const t0 = Date.now();
    await sleep(2_500);
    const after = cpuNow();
    const t1 = Date.now();
    const { summary, message } = await cycle('measured');

    expect(summary).toMatchObject({ agentsResampled: 0, tasksMissing: 0, agentsFailed: [] });
    for (const [i, task] of message.tasks.entries()) {
      // The same process over (almost) the same window, measured independently: Δ CPU seconds / Δ wall / limit.
      const real = ((after[i] ?? 0) - (before[i] ?? 0)) / ((t1 - t0) / 1000) / CPUS_LIMIT;
      expect(task.id).toBe(`burn.${i}`);
      expect(task.cpu).not.toBeNull();
      expect(Math.abs((task.cpu ?? 0) - real) / real).toBeLessThan(0.1);
      expect(task.mem).toBeGreaterThan(0);
    }
  });
});
