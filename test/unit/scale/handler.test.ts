import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import {
  marathonApp,
  sqsRecord,
  startScaleFakeMarathon,
  startStateBucket,
  usageMessage,
} from '#test/helpers/scale-harness.ts';

const BUCKET = 'scale-handler';
let bucket: Awaited<ReturnType<typeof startStateBucket>>;
let marathon: Awaited<ReturnType<typeof startScaleFakeMarathon>>;
let handler: (event: unknown, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const context = { getRemainingTimeInMillis: () => 30_000 } as Context;

beforeAll(async () => {
  [bucket, marathon] = await Promise.all([startStateBucket(BUCKET), startScaleFakeMarathon()]);
  // The handler reads its configuration at import, as it does at cold start.
  const env = {
    BUNDLE_BUCKET: BUCKET,
    STATS_QUEUE_URL: 'http://127.0.0.1:1/000000000000/stats.fifo',
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: 'http://127.0.0.1:1',
    S3_ENDPOINT_URL: bucket.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    MAX_MESSAGE_AGE_S: '86400000',
  };
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  ({ handler } = await import('#functions/scale/handler.ts'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([bucket.close(), marathon.close()]);
});

describe('scale handler', () => {
  it('parses the SQS event, scales the app and writes the decision and EMF lines to stdout', async () => {
    marathon.apps.set('/web', marathonApp('/web', 2, { 'autopilot.targetCpu': '50' }));
    const record = sqsRecord(usageMessage('/web', 'h1', new Date().toISOString(), 2, 1), '/web');
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });

    const result = await handler({ Records: [record] }, context).finally(() => spy.mockRestore());

    expect(result).toEqual({ batchItemFailures: [] });
    expect(marathon.puts).toEqual([{ id: '/web', body: { instances: 4 } }]);
    const lines = written.map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({ message: SCALE_LOG.decision, function: 'scale', appId: '/web', desired: 4 }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ AppId: '/web', DesiredInstances: 4 }));
  });

  it('rejects an event that is not an SQS batch', async () => {
    await expect(handler({ detail: {} }, context)).rejects.toThrow(/Records/);
  });
});
