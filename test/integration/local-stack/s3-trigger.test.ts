import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAws, localS3Client, startLocalAws } from '#local/aws/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'handlers', 'record-s3-event.ts');

let dataDir: string;
let stack: LocalAws | undefined;
let runner: LocalRunner | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'autopilot-local-s3-'));
  stack = await startLocalAws({ dataDir });
  runner = await startLocalRunner({
    stack,
    dataDir,
    functions: { deploy: { modulePath: FIXTURE } },
    triggers: { s3: true, schedule: false, sqs: false },
  });
});

afterEach(async () => {
  await runner?.stop();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local S3 trigger', () => {
  it('invokes deploy with an S3 ObjectCreated:Put event whose key is form-encoded as S3 does', async () => {
    const aws = stack as LocalAws;
    const key = 'incoming/my app+v1 é✓.tar.gz';
    const client = localS3Client(aws);
    await client.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: 'not really a tarball' }));

    const record = await (runner as LocalRunner).waitForInvocation((r) => r.name === 'deploy');
    client.destroy();

    expect(record.error).toBeUndefined();
    const [s3Record] = (record.event as S3Event).Records;
    expect(s3Record?.eventSource).toBe('aws:s3');
    expect(s3Record?.eventName).toBe('ObjectCreated:Put');
    expect(s3Record?.s3.bucket).toMatchObject({ name: aws.bucket, arn: `arn:aws:s3:::${aws.bucket}` });
    expect(s3Record?.s3.object).toMatchObject({ key: 'incoming/my+app%2Bv1+%C3%A9%E2%9C%93.tar.gz', size: 20 });
    expect(s3Record?.s3.object.eTag).toMatch(/^[0-9a-f]{32}$/);
    expect(s3Record?.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
    expect(decodeURIComponent((s3Record?.s3.object.key ?? '').replace(/\+/g, ' '))).toBe(key);
    expect(record.result).toMatchObject({
      keys: [key],
      functionName: 'marathon-autopilot-local-deploy',
      bucketEnv: aws.bucket,
      s3EndpointEnv: aws.s3Endpoint,
    });
    expect((record.result as { remainingMs: number }).remainingMs).toBeGreaterThan(0);
  });

  it('ignores objects outside the prefix or without the .tar.gz suffix, like the template filter', async () => {
    const aws = stack as LocalAws;
    const client = localS3Client(aws);
    await client.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'incoming/notes.txt', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'bundles/app.tar.gz', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'incoming/app.tar.gz', Body: 'x' }));

    await (runner as LocalRunner).waitForInvocation((r) => r.name === 'deploy');
    client.destroy();

    const keys = (runner as LocalRunner).invocations.map((r) => (r.event as S3Event).Records[0]?.s3.object.key);
    expect(keys).toEqual(['incoming/app.tar.gz']);
  });

  it('writes each function log line to <dataDir>/logs/<function>.log', async () => {
    const aws = stack as LocalAws;
    const client = localS3Client(aws);
    await client.send(new PutObjectCommand({ Bucket: aws.bucket, Key: 'incoming/app.tar.gz', Body: 'x' }));
    await (runner as LocalRunner).waitForInvocation((r) => r.name === 'deploy');
    client.destroy();
    await (runner as LocalRunner).stop();

    expect(await readFile(join(dataDir, 'logs', 'deploy.log'), 'utf8')).toContain('fixture deploy invoked');
  });

  it('keeps uploaded objects on disk across a restart of the stack', async () => {
    const first = stack as LocalAws;
    const before = localS3Client(first);
    await before.send(new PutObjectCommand({ Bucket: first.bucket, Key: 'bundles/kept.tar.gz', Body: 'kept' }));
    before.destroy();
    await (runner as LocalRunner).stop();
    await first.stop();

    stack = await startLocalAws({ dataDir });
    const after = localS3Client(stack);
    const object = await after.send(new GetObjectCommand({ Bucket: stack.bucket, Key: 'bundles/kept.tar.gz' }));
    expect(await object.Body?.transformToString()).toBe('kept');
    after.destroy();
  });
});
