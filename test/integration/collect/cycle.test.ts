import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTERS_KEY, type CollectSummary, CounterStateSchema, createCollector } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { COLLECT_LOG, Logger } from '#shared/logging/index.ts';
import { type AppUsageMessage, AppUsageMessageSchema } from '#shared/usage/index.ts';
import { type FakeApp, startFakeMarathon, startFakeMaster } from '#test/helpers/fake-cluster-api.ts';
import { deadPort, type FakeAgent, startFakeAgent } from '#test/helpers/fake-mesos-agent.ts';
import {
  type LocalBucket,
  type LocalQueue,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';

/**
 * The whole cycle over sockets: fake Marathon and master, real loopback agents (one dead, one hung, one outside
 * the allowed CIDRs), counters in s3rver, messages in a fauxqs FIFO queue read back and validated.
 */

const closers: Array<() => Promise<void>> = [];
let bucket: LocalBucket;
let queue: LocalQueue;
let agentA: FakeAgent;
let agentB: FakeAgent;
let hung: FakeAgent;
const logLines: Array<Record<string, unknown>> = [];
let collector: ReturnType<typeof createCollector>;

const MiB = 1024 * 1024;
const task = (id: string, appId: string, slaveId: string, host = '127.0.0.1') => ({
  id,
  appId,
  slaveId,
  host,
  startedAt: '2026-11-25T19:00:00.000Z',
});

beforeAll(async () => {
  bucket = await startLocalBucket('bundles');
  closers.push(bucket.close);
  queue = await startLocalFifoQueue();
  closers.push(queue.close);
  agentA = await startFakeAgent({
    executors: [
      { id: 'web.1', cpuRate: 0.3, cpusLimit: 0.5, memRssBytes: 64 * MiB, memLimitBytes: 256 * MiB },
      { id: 'web.2', cpuRate: 0.1, cpusLimit: 0.5, memRssBytes: 32 * MiB, memLimitBytes: 256 * MiB },
      { id: 'api.1', cpuRate: 0.9, cpusLimit: 1, memRssBytes: 100 * MiB, memLimitBytes: 400 * MiB },
      { id: 'other.1', cpuRate: 1, cpusLimit: 1, memRssBytes: 1, memLimitBytes: 2 },
    ],
  });
  agentB = await startFakeAgent({
    executors: [{ id: 'web.3', cpuRate: 0.2, cpusLimit: 0.5, memRssBytes: 128 * MiB, memLimitBytes: 256 * MiB }],
  });
  hung = await startFakeAgent({ behaviour: { kind: 'hang' } });
  for (const agent of [agentA, agentB, hung]) closers.push(agent.close);
  const apps: FakeApp[] = [
    {
      id: '/web',
      instances: 5,
      labels: { 'autopilot.enabled': 'true' },
      tasks: [
        task('web.1', '/web', 'A'),
        task('web.2', '/web', 'A'),
        task('web.3', '/web', 'B'),
        task('web.4', '/web', 'DEAD'),
      ],
    },
    {
      id: '/api',
      instances: 2,
      labels: { 'autopilot.enabled': 'true' },
      tasks: [task('api.1', '/api', 'A'), task('api.2', '/api', 'HUNG'), task('api.3', '/api', 'OUTSIDE', '10.0.0.5')],
    },
    { id: '/other', instances: 1, labels: { 'autopilot.enabled': 'false' }, tasks: [task('other.1', '/other', 'A')] },
  ];
  const marathon = await startFakeMarathon(apps);
  const master = await startFakeMaster([
    { id: 'A', hostname: '127.0.0.1', port: agentA.port },
    { id: 'B', hostname: '127.0.0.1', port: agentB.port },
    { id: 'DEAD', hostname: '127.0.0.1', port: await deadPort() },
    { id: 'HUNG', hostname: '127.0.0.1', port: hung.port },
    { id: 'OUTSIDE', hostname: '10.0.0.5', port: 5051 },
  ]);
  closers.push(marathon.close, master.close);
  const config = loadConfig({
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: master.url,
    AGENT_ALLOWED_CIDRS: '127.0.0.0/8',
    HTTP_CONNECT_TIMEOUT_MS: '300',
    HTTP_HEADERS_TIMEOUT_MS: '300',
    HTTP_BODY_TIMEOUT_MS: '300',
    SECOND_SAMPLE_DELAY_MS: '600',
  });
  const logger = new Logger({ service: 'test', sink: (line) => logLines.push(JSON.parse(line)) });
  collector = createCollector(config, { s3: bucket.s3, sqs: queue.sqs, logger });
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function receive(): Promise<Map<string, AppUsageMessage>> {
  const bodies = await queue.drain();
  return new Map(bodies.map((body) => AppUsageMessageSchema.parse(JSON.parse(body))).map((m) => [m.appId, m]));
}

describe('collect cycle against loopback agents, s3rver and fauxqs', () => {
  let first: CollectSummary;
  let firstMessages: Map<string, AppUsageMessage>;

  it('completes with a dead, a hung and a rejected agent, reporting each', async () => {
    first = await collector.run({ cycleId: 'cycle-1' });
    firstMessages = await receive();

    expect(first).toMatchObject({ cycleId: 'cycle-1', agentsPolled: 4, agentsResampled: 2, apps: 2, tasks: 7 });
    expect(first).toMatchObject({ tasksMissing: 3, messages: 2, messagesFailed: 0 });
    const failed = new Map(first.agentsFailed.map((a) => [a.id, a.reason]));
    expect(failed.get('DEAD')).toMatch(/^HTTP_NETWORK/);
    expect(failed.get('HUNG')).toMatch(/^HTTP_TIMEOUT/);
    expect(failed.get('OUTSIDE')).toMatch(/outside AGENT_ALLOWED_CIDRS/);
    expect(failed.size).toBe(3);
  });

  it('sends one schema-valid message per watched app, with the failed agents of that app', () => {
    expect([...firstMessages.keys()].sort()).toEqual(['/api', '/web']);
    expect(firstMessages.get('/web')).toMatchObject({
      cycleId: 'cycle-1',
      instances: 5,
      tasksRunning: 4,
      tasksMissing: 1,
      agentsFailed: ['DEAD'],
    });
    expect(firstMessages.get('/api')).toMatchObject({ tasksRunning: 3, tasksMissing: 2 });
    expect(firstMessages.get('/api')?.agentsFailed).toEqual(['HUNG', 'OUTSIDE']);
  });

  it('measures new tasks from the in-invocation second sample', () => {
    const web = firstMessages.get('/web');
    const byId = new Map(web?.tasks.map((t) => [t.id, t]));

    // cpuRate / cpus_limit: 0.3 / 0.5, 0.1 / 0.5, 0.2 / 0.5; memory rss / limit.
    expect(byId.get('web.1')?.cpu).toBeCloseTo(0.6, 2);
    expect(byId.get('web.2')?.cpu).toBeCloseTo(0.2, 2);
    expect(byId.get('web.3')?.cpu).toBeCloseTo(0.4, 2);
    expect(byId.get('web.1')?.mem).toBe(0.25);
    expect(byId.get('web.3')?.mem).toBe(0.5);
    expect(byId.get('web.1')?.intervalS).toBeGreaterThanOrEqual(0.5);
  });

  it('saves counters for watched tasks only', async () => {
    const object = await bucket.s3.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: COUNTERS_KEY }));
    const state = CounterStateSchema.parse(JSON.parse((await object.Body?.transformToString()) ?? ''));

    expect(Object.keys(state.executors).sort()).toEqual(['api.1', 'web.1', 'web.2', 'web.3']);
  });

  it('uses the saved counters on the next cycle: one request per agent, figures over the whole interval', async () => {
    const requestsBefore = [agentA.requests, agentB.requests];
    await sleep(1_000);

    const second = await collector.run({ cycleId: 'cycle-2' });
    const messages = await receive();

    expect(second).toMatchObject({ agentsPolled: 4, agentsResampled: 0, messages: 2 });
    expect([agentA.requests - (requestsBefore[0] ?? 0), agentB.requests - (requestsBefore[1] ?? 0)]).toEqual([1, 1]);
    const api1 = messages.get('/api')?.tasks.find((t) => t.id === 'api.1');
    expect(api1?.cpu).toBeCloseTo(0.9, 2);
    // From the previous cycle's last sample, across the 1 s pause: longer than any in-invocation pair (0.6 s).
    expect(api1?.intervalS).toBeGreaterThan(1);
  });

  it('logs one summary line per cycle, and a line per failed or skipped agent', () => {
    const summaries = logLines.filter((line) => line.message === COLLECT_LOG.cycleSummary);

    expect(summaries.map((line) => line.cycleId)).toEqual(['cycle-1', 'cycle-2']);
    expect(summaries[0]).toMatchObject({ agentsPolled: 4, agentsFailedCount: 3, apps: 2, tasks: 7, messages: 2 });
    expect(logLines.some((l) => l.message === COLLECT_LOG.agentSkipped && l.agentId === 'OUTSIDE')).toBe(true);
    expect(logLines.some((l) => l.message === COLLECT_LOG.agentFailed && l.agentId === 'HUNG')).toBe(true);
  });
});
