import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, localS3Client, startLocalAws } from '#local/aws/index.ts';
import { putFile } from '../../../cli/lib/put-file.ts';

describe('putFile on s3rver', () => {
  let dir: string;
  let aws: LocalAws;
  let s3: S3Client;
  const MiB = 1024 * 1024;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'put-file-'));
    aws = await startLocalAws({ dataDir: dir });
    s3 = localS3Client(aws);
  });
  afterAll(async () => {
    s3?.destroy();
    await aws?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function stored(key: string): Promise<Buffer> {
    const answer = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }));
    return Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }

  it('sends a small file in one PUT and reports progress up to its size', async () => {
    const data = randomBytes(2 * MiB + 5);
    const path = join(dir, 'small.bin');
    await writeFile(path, data);
    const seen: number[] = [];
    const result = await putFile({
      s3,
      bucket: aws.bucket,
      key: 'x/small.bin',
      path,
      onProgress: (sent) => seen.push(sent),
    });
    expect(result).toMatchObject({ bytes: data.length, parts: 1 });
    expect(seen.at(-1)).toBe(data.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(Buffer.compare(await stored('x/small.bin'), data)).toBe(0);
  });

  it('sends a file above the threshold as a multipart upload whose parts reassemble to the same bytes', async () => {
    const data = randomBytes(11 * MiB + 123);
    const path = join(dir, 'large.bin');
    await writeFile(path, data);
    const seen: number[] = [];
    const result = await putFile({
      s3,
      bucket: aws.bucket,
      key: 'x/large.bin',
      path,
      multipartThresholdBytes: 6 * MiB,
      partBytes: 5 * MiB,
      onProgress: (sent) => seen.push(sent),
    });
    expect(result).toMatchObject({ bytes: data.length, parts: 3 });
    expect(seen).toEqual([5 * MiB, 10 * MiB, data.length]);
    expect(Buffer.compare(await stored('x/large.bin'), data)).toBe(0);
  });
});
