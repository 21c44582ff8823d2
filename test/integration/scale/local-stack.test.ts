import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, localS3Client, startLocalAws } from '#local/aws/index.ts';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { stateKey } from '#shared/scale/index.ts';
import { usageMessage } from '#test/helpers/scale-harness.ts';
import { type StatsQueueSender, statsQueueSender } from '#test/helpers/stats-queue.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

/**
 * The scale function as deployed, on the local stack: serverless.yml's queues (fauxqs FIFO + DLQ), its environment,
 * the SQS event source mapping of the local runner, the handler in its own worker, and the stand-in Marathon.
 * A usage message put on the statistics queue scales the app; a malformed one lands in the DLQ at once, with why.
 */

const APP = '/stack/web';
const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

let dataDir: string;
let stack: LocalAws;
let cluster: LocalCluster;
let runner: LocalRunner;
let statsQueue: StatsQueueSender;
let marathon: MarathonClient;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'autopilot-scale-stack-'));
  [stack, cluster] = await Promise.all([
    startLocalAws({ dataDir }),
    startCluster({ agents: 1, agentResources: { cpus: 2, mem: 1024 }, killGracePeriodMs: 200 }),
  ]);
  marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
  await marathon.putApp(APP, {
    cmd: 'sleep 600',
    cpus: 0.1,
    mem: 16,
    instances: 1,
    labels: { 'autopilot.enabled': 'true', 'autopilot.targetCpu': '50' },
  });
  await waitFor(async () => (await marathon.getApp(APP))?.deployments?.length === 0, { what: 'app deployed' });
  statsQueue = statsQueueSender(stack);
  runner = await startLocalRunner({
    stack,
    dataDir,
    env: { MARATHON_URL: cluster.marathonUrl, MESOS_MASTER_URL: cluster.mesosMasterUrl },
    triggers: { s3: false, schedule: false, sqs: { waitTimeSeconds: 1 } },
  });
  runner.on('log', (name, line) => {
    if (name === 'scale' && line.startsWith('{')) lines.push(JSON.parse(line));
  });
});

afterAll(async () => {
  statsQueue?.destroy();
  await runner?.stop();
  await cluster?.stop();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('scale on the local stack', () => {
  it('takes a usage message off the FIFO queue and scales the app in Marathon, logging the decision', async () => {
    const message = usageMessage(APP, 'stack-1', new Date().toISOString(), 1, 1);

    await statsQueue.send(JSON.stringify(message), APP, `${APP}:stack-1`);

    await waitFor(async () => (await marathon.getApp(APP))?.instances === 2, {
      what: 'two instances',
      timeoutMs: 20_000,
    });
    const decision = await waitFor(() => lines.find((line) => line.message === SCALE_LOG.decision));
    expect(decision).toMatchObject({
      function: 'scale',
      appId: APP,
      cycleId: 'stack-1',
      action: 'scale-up',
      desired: 2,
    });
    expect(decision.deploymentId).toEqual(expect.any(String));
    await waitFor(
      () => {
        const queued = stack.fauxqs.inspectQueue(stack.statsQueue.name)?.messages;
        return queued && queued.ready.length === 0 && queued.inflight.length === 0;
      },
      { what: 'the message deleted from the queue' },
    );
    const s3 = localS3Client(stack);
    const stored = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: stateKey(APP) }));
    s3.destroy();
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '')).toMatchObject({
      appId: APP,
      lastCycleId: 'stack-1',
    });
  });

  it('forwards a malformed message to the DLQ at once, with the reason, instead of retrying it', async () => {
    await statsQueue.send('{"version": 1, "appId": "no-slash"}', '/stack/broken', '/stack/broken:1');

    const dead = await waitFor(() => stack.fauxqs.inspectQueue(stack.deadLetterQueue.name)?.messages.ready[0], {
      what: 'a DLQ message',
      timeoutMs: 20_000,
    });
    expect(dead.body).toBe('{"version": 1, "appId": "no-slash"}');
    expect(dead.messageAttributes.reason?.StringValue).toContain('malformed usage message');
    expect(dead.approximateReceiveCount).toBe(0);
    expect(lines).toContainEqual(expect.objectContaining({ message: SCALE_LOG.poison, forwarded: true }));
  });
});
