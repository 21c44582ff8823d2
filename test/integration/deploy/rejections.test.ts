import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DeployContext, handleS3Event, rejectionKey } from '#shared/deploy/index.ts';
import { logger } from '#shared/logging/index.ts';
import { bundleOf, seedBundle, seedManifest, tarOf } from '#test/helpers/bundles.ts';
import { type DeployFakeStack, startDeployFakeStack } from '#test/helpers/deploy-fake-stack.ts';
import type { FakeMarathon } from '#test/helpers/fake-marathon.ts';
import { S3_TEST_EVENT, s3EventOf } from '#test/helpers/s3-events.ts';
import type { TestS3 } from '#test/helpers/s3rver.ts';

let stack: DeployFakeStack;
let s3: TestS3;
let marathon: FakeMarathon;
let ctx: DeployContext;
let lines: Record<string, unknown>[];
let restoreSink: ((line: string) => void) | undefined;

beforeAll(async () => {
  stack = await startDeployFakeStack();
  ({ s3, marathon, ctx } = stack);
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  lines = [];
  marathon.requests.length = 0;
  marathon.script.length = 0;
  marathon.failGets = 0;
  restoreSink = logger.setSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
});
afterEach(() => {
  if (restoreSink) logger.setSink(restoreSink);
});

async function uploadAndHandle(key: string, bytes: Buffer) {
  await s3.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
  return handleS3Event(ctx, s3EventOf({ key }), 'incoming/');
}

async function readJson(key: string): Promise<Record<string, unknown>> {
  const response = await s3.s3.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return JSON.parse((await response.Body?.transformToString()) ?? '') as Record<string, unknown>;
}

const manifest = { name: 'marathon.json', body: JSON.stringify(seedManifest()) };

const corpus: [string, string, () => Promise<Buffer>][] = [
  ['not gzip', 'BUNDLE_NOT_GZIP', () => tarOf([manifest])],
  [
    'truncated',
    'BUNDLE_TRUNCATED',
    async () => (await seedBundle({}, [{ name: 'r', body: randomBytes(9000) }])).subarray(0, 4000),
  ],
  ['no manifest', 'BUNDLE_NO_MANIFEST', () => bundleOf([{ name: 'api.py', body: 'print(1)' }])],
  ['invalid manifest', 'BUNDLE_INVALID_MANIFEST', () => seedBundle({ mem: 'lots' })],
  ['bad id', 'BUNDLE_INVALID_APP_ID', () => seedBundle({ id: 'rest_app' })],
  ['path traversal', 'BUNDLE_PATH_TRAVERSAL', () => bundleOf([manifest, { name: '../evil.sh', body: 'x' }])],
  ['absolute path', 'BUNDLE_ABSOLUTE_PATH', () => bundleOf([manifest, { name: '/tmp/evil.sh', body: 'x' }])],
  [
    'escaping symlink',
    'BUNDLE_LINK_ESCAPES',
    () => bundleOf([manifest, { name: 'l', type: 'symlink', linkname: '../../x' }]),
  ],
  [
    'zip bomb by ratio',
    'BUNDLE_RATIO_EXCEEDED',
    () => bundleOf([manifest, { name: 'z', body: Buffer.alloc(16 * 1024 * 1024) }]),
  ],
  ['oversize manifest', 'BUNDLE_MANIFEST_TOO_LARGE', () => seedBundle({ env: { PAD: 'x'.repeat(8000) } })],
];

describe('bad uploads', () => {
  it.each(corpus)(
    'rejects a %s bundle (%s), records why, leaves the upload and sends nothing to Marathon',
    async (label, code, build) => {
      const key = `incoming/${label.replace(/ /g, '-')}.tar.gz`;
      await uploadAndHandle(key, await build());

      expect(lines.map((l) => l.outcome)).toEqual(['rejected']);
      expect(lines[0]).toMatchObject({ level: 'warn', code, key });
      const record = await readJson(rejectionKey(key));
      expect(record).toMatchObject({ code, key, bucket: 'bundles', who: 'AWS:AIDATESTUSER' });
      expect(String(record.message).length).toBeGreaterThan(20);
      await expect(s3.s3.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).resolves.toBeTruthy();
      expect(marathon.requests).toEqual([]);
    },
  );

  it('gives each bad bundle its own code', () => {
    expect(new Set(corpus.map(([, code]) => code)).size).toBe(corpus.length);
  });
});

describe('Marathon answers', () => {
  it('retries a 409 until the deployment lock clears', async () => {
    marathon.script.push({ status: 409 }, { status: 409 });
    await uploadAndHandle('incoming/locked.tar.gz', await seedBundle({ id: 'locked-app' }));
    expect(lines.filter((l) => l.outcome).map((l) => l.outcome)).toEqual(['accepted', 'deployed']);
    expect(lines.filter((l) => l.message === 'marathon put retried')).toHaveLength(2);
  });

  it('fails the invocation when the lock outlasts the retries, so S3 retries the event', async () => {
    marathon.script.push({ status: 409 }, { status: 409 }, { status: 409 }, { status: 409 });
    await expect(uploadAndHandle('incoming/stuck.tar.gz', await seedBundle({ id: 'stuck-app' }))).rejects.toMatchObject(
      { code: 'DEPLOY_BATCH_FAILED' },
    );
    expect(lines.find((l) => l.outcome === 'failed')).toMatchObject({ level: 'error', code: 'MARATHON_LOCKED' });
    await expect(readJson('deploys/stuck-app/current.json')).rejects.toBeTruthy();
  });

  it('retries a 503 and then deploys', async () => {
    marathon.script.push({ status: 503 });
    await uploadAndHandle('incoming/flaky.tar.gz', await seedBundle({ id: 'flaky-app' }));
    expect(lines.find((l) => l.outcome === 'deployed')).toMatchObject({ appId: 'flaky-app' });
  });

  it('retries reading the app when Marathon answers 503', async () => {
    marathon.failGets = 2;
    await uploadAndHandle('incoming/get-flaky.tar.gz', await seedBundle({ id: 'get-flaky-app' }));
    expect(lines.find((l) => l.outcome === 'deployed')).toMatchObject({ appId: 'get-flaky-app' });
    expect(lines.filter((l) => l.message === 'marathon get retried')).toHaveLength(2);
  });

  it('records a 422 as a rejection with Marathon details', async () => {
    marathon.script.push({ status: 422, details: [{ path: '/cmd', errors: ['cmd must not be blank'] }] });
    await uploadAndHandle('incoming/invalid.tar.gz', await seedBundle({ id: 'invalid-app' }));
    expect(lines.filter((l) => l.outcome).map((l) => l.outcome)).toEqual(['accepted', 'rejected']);
    const record = await readJson(rejectionKey('incoming/invalid.tar.gz'));
    expect(record).toMatchObject({
      code: 'MARATHON_INVALID_APP',
      appId: 'invalid-app',
      details: { marathon: [{ path: '/cmd', errors: ['cmd must not be blank'] }] },
    });
    expect(record.message).toMatch(/\/cmd: cmd must not be blank/);
  });
});

describe('events that are not uploads', () => {
  it('acknowledges s3:TestEvent, other prefixes and other file types without reading them', async () => {
    await handleS3Event(ctx, S3_TEST_EVENT, 'incoming/');
    await handleS3Event(ctx, s3EventOf({ key: 'bundles/x.tar.gz' }, { key: 'incoming/readme.txt' }), 'incoming/');
    expect(lines.map((l) => l.reason)).toEqual(['s3:TestEvent', 'outside incoming/', 'not a .tar.gz']);
    expect(marathon.requests).toEqual([]);
  });

  it('handles every record of a batch, not only the first', async () => {
    await s3.s3.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'incoming/a.tar.gz', Body: await seedBundle({ id: 'batch-a' }) }),
    );
    await s3.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'incoming/b.tar.gz', Body: gzipSync('nope') }));
    await handleS3Event(ctx, s3EventOf({ key: 'incoming/a.tar.gz' }, { key: 'incoming/b.tar.gz' }), 'incoming/');
    expect(lines.filter((l) => l.outcome).map((l) => [l.outcome, l.key])).toEqual([
      ['accepted', 'incoming/a.tar.gz'],
      ['deployed', 'incoming/a.tar.gz'],
      ['rejected', 'incoming/b.tar.gz'],
    ]);
  });
});
