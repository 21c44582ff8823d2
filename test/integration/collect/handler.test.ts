import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppUsageMessageSchema } from '#shared/usage/index.ts';
import { startFakeMarathon, startFakeMaster } from '#test/helpers/fake-cluster-api.ts';
import { type FakeAgent, startFakeAgent } from '#test/helpers/fake-mesos-agent.ts';
import {
  type LocalBucket,
  type LocalQueue,
  localAwsEnv,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';
import { SCHEDULED_EVENT as scheduledEvent } from '#test/helpers/scheduled-event.ts';

/** The Lambda entry point as deployed: config from the environment, a scheduled EventBridge event in. */

const closers: Array<() => Promise<void>> = [];
let bucket: LocalBucket;
let queue: LocalQueue;
let agent: FakeAgent;
const context = { getRemainingTimeInMillis: () => 30_000 } as Context;
beforeAll(async () => {
  bucket = await startLocalBucket('bundles');
  queue = await startLocalFifoQueue();
  agent = await startFakeAgent({
    executors: [{ id: 'web.1', cpuRate: 0.5, cpusLimit: 1, memRssBytes: 1, memLimitBytes: 4 }],
  });
  const marathon = await startFakeMarathon([
    {
      id: '/web',
      instances: 1,
      labels: { 'autopilot.enabled': 'true' },
      tasks: [{ id: 'web.1', appId: '/web', host: '127.0.0.1', slaveId: 'A' }],
    },
  ]);
  const master = await startFakeMaster([{ id: 'A', hostname: '127.0.0.1', port: agent.port }]);
  closers.push(bucket.close, queue.close, agent.close, marathon.close, master.close);
  const env: Record<string, string> = {
    ...localAwsEnv(bucket, queue),
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: master.url,
    SECOND_SAMPLE_DELAY_MS: '200',
    LOG_LEVEL: 'error',
  };
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const close of closers.reverse()) await close();
});

describe('collect handler', () => {
  it('runs a cycle for a scheduled event, with the event time as cycle id', async () => {
    const { handler } = await import('#functions/collect/handler.ts');

    const summary = await handler(scheduledEvent, context);
    const bodies = await queue.drain();

    expect(summary).toMatchObject({ cycleId: '2026-11-25T20:00:00.000Z', apps: 1, tasks: 1, messages: 1 });
    const message = AppUsageMessageSchema.parse(JSON.parse(bodies[0] ?? ''));
    expect(message).toMatchObject({ appId: '/web', cycleId: '2026-11-25T20:00:00.000Z', tasksMissing: 0 });
    expect(message.tasks[0]?.cpu).toBeCloseTo(0.5, 2);
  });

  it('accepts a bare object from a manual invoke and refuses anything else', async () => {
    const { handler } = await import('#functions/collect/handler.ts');

    await expect(handler({ cycleId: 'manual-1' }, context)).resolves.toMatchObject({ cycleId: 'manual-1' });
    await expect(handler('not an event', context)).rejects.toThrow();
  });
});
