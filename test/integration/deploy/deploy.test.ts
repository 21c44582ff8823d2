import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleKey, type DeployContext, handleS3Event, listHistory, rollback } from '#shared/deploy/index.ts';
import { logger } from '#shared/logging/index.ts';
import { seedBundle } from '#test/helpers/bundles.ts';
import { type DeployFakeStack, startDeployFakeStack } from '#test/helpers/deploy-fake-stack.ts';
import type { FakeMarathon } from '#test/helpers/fake-marathon.ts';
import { s3EventOf } from '#test/helpers/s3-events.ts';
import type { TestS3 } from '#test/helpers/s3rver.ts';

let stack: DeployFakeStack;
let s3: TestS3;
let marathon: FakeMarathon;
let ctx: DeployContext;
let lines: Record<string, unknown>[];
let sequence = 0x1000;

beforeAll(async () => {
  stack = await startDeployFakeStack();
  ({ s3, marathon, ctx } = stack);
});
afterAll(async () => {
  await stack?.close();
});

let restoreSink: ((line: string) => void) | undefined;
beforeEach(() => {
  lines = [];
  restoreSink = logger.setSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
});
afterEach(() => {
  if (restoreSink) logger.setSink(restoreSink);
});

/** Uploads bytes and returns the notification S3 would send for that upload. */
async function upload(key: string, bytes: Buffer, eventTime = new Date().toISOString()) {
  const put = await s3.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
  sequence += 1;
  return s3EventOf({
    key,
    etag: put.ETag?.replace(/"/g, ''),
    sequencer: `00${sequence.toString(16).toUpperCase()}`,
    eventTime,
  });
}

async function readObject(key: string): Promise<Buffer> {
  const response = await s3.s3.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return Buffer.from(await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function readJson(key: string): Promise<Record<string, unknown>> {
  return JSON.parse((await readObject(key)).toString('utf8')) as Record<string, unknown>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const outcomes = () => lines.map((line) => line.outcome).filter(Boolean);

describe('deploy function against s3rver and a loopback Marathon', () => {
  const first = seedBundle();
  const second = seedBundle({ env: { GREETING: 'baz' } });

  it('deploys an uploaded bundle: stored by digest, PUT with fetch and labels, recorded', async () => {
    const bytes = await first;
    const event = await upload('incoming/rest app.tar.gz', bytes);
    await handleS3Event(ctx, event, 'incoming/');

    const digest = sha256(bytes);
    expect(outcomes()).toEqual(['accepted', 'deployed']);
    expect(lines[1]).toMatchObject({ appId: 'rest-app', digest, key: 'incoming/rest app.tar.gz' });
    expect(await readObject(bundleKey('rest-app', digest))).toEqual(bytes);
    const [put] = marathon.puts();
    expect(put?.path).toBe('/v2/apps/rest-app');
    const body = put?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      id: '/rest-app',
      cmd: 'python3 api.py',
      instances: 1,
      env: { GREETING: 'bar' },
      labels: {
        'autopilot.enabled': 'true',
        'autopilot.policy': 'target',
        'autopilot.maxInstances': '10',
        'autopilot.digest': digest,
        'autopilot.source-key': 'incoming/rest app.tar.gz',
      },
    });
    // The artifact URL serves exactly the stored bytes (what a Mesos fetcher would download).
    const uri = (body.fetch as { uri: string; extract: boolean }[])[0];
    expect(uri?.extract).toBe(true);
    expect(Buffer.from(await (await fetch(uri?.uri ?? '')).arrayBuffer())).toEqual(bytes);
    const current = await readJson('deploys/rest-app/current.json');
    expect(current).toMatchObject({ digest, sourceKey: 'incoming/rest app.tar.gz' });
    expect(await readJson(current.recordKey as string)).toMatchObject({
      kind: 'deploy',
      digest,
      who: 'AWS:AIDATESTUSER',
      deploymentId: lines[1]?.deploymentId,
      manifest: { id: 'rest-app' },
    });
  });

  it('treats the same bytes uploaded again as a no-op', async () => {
    const before = marathon.puts().length;
    await handleS3Event(ctx, await upload('incoming/again.tar.gz', await first), 'incoming/');
    expect(outcomes()).toEqual(['unchanged']);
    expect(lines[0]).toMatchObject({ reason: 'same-digest', digest: sha256(await first) });
    expect(marathon.puts()).toHaveLength(before);
  });

  it('updates the app for a changed bundle, keeping the instance count the scaler set', async () => {
    marathon.apps.set('/rest-app', { ...marathon.apps.get('/rest-app'), instances: 4 });
    await handleS3Event(ctx, await upload('incoming/rest app.tar.gz', await second), 'incoming/');
    expect(outcomes()).toEqual(['accepted', 'deployed']);
    const put = marathon.puts().at(-1)?.body as Record<string, unknown>;
    expect(put).not.toHaveProperty('instances');
    expect(put.env).toEqual({ GREETING: 'baz' });
    expect(marathon.apps.get('/rest-app')).toMatchObject({
      instances: 4,
      labels: { 'autopilot.digest': sha256(await second) },
    });
  });

  it('never lets a redelivered older upload replace a newer deploy', async () => {
    const stale = s3EventOf({ key: 'incoming/old.tar.gz', eventTime: '2020-01-01T00:00:00.000Z', sequencer: '0001' });
    await s3.s3.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'incoming/old.tar.gz', Body: await seedBundle({ mem: 256 }) }),
    );
    const before = marathon.puts().length;
    await handleS3Event(ctx, stale, 'incoming/');
    expect(outcomes()).toEqual(['unchanged']);
    expect(lines[0]).toMatchObject({ reason: 'older-than-current' });
    expect(marathon.puts()).toHaveLength(before);
  });

  it('lists the history newest first and rolls back to the first digest', async () => {
    const history = await listHistory(ctx, 'rest-app');
    expect(history.map((r) => r.digest)).toEqual([sha256(await second), sha256(await first)]);

    const result = await rollback(ctx, '/rest-app', sha256(await first).slice(0, 12), { who: 'cli:alice' });
    expect(result).toMatchObject({ outcome: 'deployed', digest: sha256(await first) });
    expect(marathon.apps.get('/rest-app')).toMatchObject({
      env: { GREETING: 'bar' },
      labels: { 'autopilot.digest': sha256(await first) },
    });
    expect(await readJson('deploys/rest-app/current.json')).toMatchObject({ digest: sha256(await first) });
    expect((await listHistory(ctx, 'rest-app'))[0]).toMatchObject({ kind: 'rollback', who: 'cli:alice' });
  });

  it('refuses to roll back to a digest the app never ran', async () => {
    await expect(rollback(ctx, 'rest-app', 'f'.repeat(64))).rejects.toMatchObject({ code: 'DEPLOY_UNKNOWN_DIGEST' });
  });
});
