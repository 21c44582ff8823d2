import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '#shared/logging/index.ts';
import { seedBundle } from '#test/helpers/bundles.ts';
import { type FakeMarathon, startFakeMarathon } from '#test/helpers/fake-marathon.ts';
import { s3EventOf } from '#test/helpers/s3-events.ts';
import { startS3, type TestS3 } from '#test/helpers/s3rver.ts';

let s3: TestS3;
let marathon: FakeMarathon;

beforeAll(async () => {
  s3 = await startS3();
  marathon = await startFakeMarathon();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await marathon?.close();
  await s3?.close();
});

const context = { getRemainingTimeInMillis: () => 30_000 } as Context;

describe('deploy handler', () => {
  it('wires the config from the environment to a deploy of every record', async () => {
    // The handler reads its config at import, as on a Lambda cold start.
    const env: Record<string, string> = {
      BUNDLE_BUCKET: s3.bucket,
      S3_ENDPOINT_URL: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      ARTIFACT_BASE_URL: `${s3.endpoint}/${s3.bucket}`,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      MARATHON_URL: marathon.url,
      MESOS_MASTER_URL: 'http://127.0.0.1:1',
      STATS_QUEUE_URL: 'http://127.0.0.1:1/queue/stats.fifo',
      LOG_LEVEL: 'warn',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const { handler } = await import('#functions/deploy/handler.ts');

    await s3.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'incoming/h.tar.gz', Body: await seedBundle() }));
    const lines: string[] = [];
    const restore = logger.setSink((line) => lines.push(line));
    try {
      await handler(s3EventOf({ key: 'incoming/h.tar.gz', bucket: s3.bucket }), context);
    } finally {
      logger.setSink(restore);
      logger.setLevel('info');
    }
    expect(marathon.puts()).toHaveLength(1);
    expect(marathon.apps.get('/rest-app')?.fetch).toEqual([
      {
        uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/bundles\/bundles\/rest-app\/[0-9a-f]{64}\.tar\.gz$/),
        extract: true,
      },
    ]);
  });
});
