import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import { MarathonClient, type MarathonTask } from '#shared/marathon/index.ts';
import type { BatchResult } from '#shared/scale/index.ts';
import { sqsRecord, startStateBucket, usageMessage } from '#test/helpers/scale-harness.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

/**
 * The scale handler against the local Marathon + Mesos stand-in: a usage message saying the app is hot makes the
 * handler PUT a new instance count, Marathon really starts the tasks, and the decision is logged. The messages
 * are written by the test (the collect → SQS part of the pipeline has its own tests).
 */

const BUCKET = 'scale-integration';
const APP = '/it/loaded';
const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };
const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

let cluster: LocalCluster;
let bucket: Awaited<ReturnType<typeof startStateBucket>>;
let marathon: MarathonClient;
let handler: (event: unknown, context: Context) => Promise<BatchResult>;

/** Runs the handler on one batch and returns its answer and every JSON line it wrote to stdout. */
async function invoke(records: unknown[]): Promise<{ result: BatchResult; lines: Record<string, unknown>[] }> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const result = await handler({ Records: records }, context);
    return {
      result,
      lines: written.flatMap((text) => text.split('\n').filter(Boolean)).map((line) => JSON.parse(line)),
    };
  } finally {
    spy.mockRestore();
  }
}

async function settled(count: number): Promise<MarathonTask[] | undefined> {
  const app = await marathon.getApp(APP);
  const running = (app?.tasks ?? []).filter((task) => task.state === 'TASK_RUNNING');
  return app?.deployments?.length === 0 && app.instances === count && running.length === count ? running : undefined;
}

beforeAll(async () => {
  [cluster, bucket] = await Promise.all([
    startCluster({ agents: 2, agentResources: { cpus: 1, mem: 1024 }, killGracePeriodMs: 200 }),
    startStateBucket(BUCKET),
  ]);
  marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
  await marathon.putApp(APP, {
    cmd: 'sleep 600',
    cpus: 0.1,
    mem: 16,
    instances: 1,
    labels: { 'autopilot.enabled': 'true', 'autopilot.targetCpu': '50', 'autopilot.maxInstances': '3' },
  });
  await waitFor(() => settled(1), { what: 'one running task' });

  const env = {
    BUNDLE_BUCKET: BUCKET,
    STATS_QUEUE_URL: 'http://127.0.0.1:1/000000000000/stats.fifo',
    MARATHON_URL: cluster.marathonUrl,
    MESOS_MASTER_URL: cluster.mesosMasterUrl,
    S3_ENDPOINT_URL: bucket.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  ({ handler } = await import('#functions/scale/handler.ts'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster?.stop();
  await bucket?.close();
});

describe('scale handler on the stand-in cluster', () => {
  const hot = usageMessage(APP, 'it-1', new Date().toISOString(), 1, 1);

  it('scales a hot app up: Marathon runs the new tasks and the decision line names the deployment', async () => {
    const { result, lines } = await invoke([sqsRecord(hot, APP)]);

    expect(result).toEqual({ batchItemFailures: [] });
    await waitFor(() => settled(2), { what: 'two running tasks' });
    const decision = lines.find((line) => line.message === SCALE_LOG.decision);
    expect(decision).toMatchObject({
      function: 'scale',
      appId: APP,
      cycleId: 'it-1',
      policy: 'target',
      current: 1,
      desired: 2,
      action: 'scale-up',
      blockedBy: null,
      deploymentId: expect.any(String),
    });
    expect(lines).toContainEqual(expect.objectContaining({ AppId: APP, DesiredInstances: 2, CurrentInstances: 1 }));
    const app = await marathon.getApp(APP);
    expect(Date.parse(app?.versionInfo?.lastScalingAt ?? '')).toBeGreaterThan(Date.parse(hot.collectedAt) - 1_000);
  });

  it('does not act on the same message twice', async () => {
    const { result, lines } = await invoke([sqsRecord(hot, APP)]);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(lines).toContainEqual(expect.objectContaining({ message: SCALE_LOG.dropped, reason: 'duplicate' }));
    expect((await marathon.getApp(APP))?.instances).toBe(2);
  });

  it('logs "no change" when the load drops, holding the count for the stabilisation window', async () => {
    const quiet = usageMessage(APP, 'it-2', new Date().toISOString(), 2, 0.05);

    const { lines } = await invoke([sqsRecord(quiet, APP)]);

    expect(lines.find((line) => line.message === SCALE_LOG.decision)).toMatchObject({
      cycleId: 'it-2',
      current: 2,
      desired: 2,
      recommended: 2,
      action: 'none',
      reason: 'stabilising',
      deploymentId: null,
    });
    expect((await marathon.getApp(APP))?.instances).toBe(2);
  });
});
