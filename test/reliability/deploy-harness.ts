import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type DeployContext, handleS3Event, rejectionKey } from '#shared/deploy/index.ts';
import { logger } from '#shared/logging/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { type FakeMarathon, startFakeMarathon } from '#test/helpers/fake-marathon.ts';
import { s3EventOf, type UploadRecordInput } from '#test/helpers/s3-events.ts';
import { startS3, type TestS3 } from '#test/helpers/s3rver.ts';
import { count } from './tally.ts';

/**
 * The deploy pipeline (shared/deploy's handleS3Event, as the handler calls it) against a real s3rver and a loopback
 * Marathon, with every log line captured, and `runUpload`, which classifies each upload's fate: rejected with a
 * code and a record, deployed or unchanged, ignored, or a crash (an error escaping). It counts lost uploads (the
 * upload gone, or a rejection without its record) and crashes in the suite's tally.
 */

interface DeployHarness {
  s3: TestS3;
  marathon: FakeMarathon;
  ctx: DeployContext;
  lines: Record<string, unknown>[];
}

type Fate =
  | { fate: 'rejected'; code: string; message: string }
  | { fate: 'deployed' | 'unchanged' | 'ignored'; line: Record<string, unknown> }
  | { fate: 'crashed'; error: unknown };

function useDeployHarness(): DeployHarness {
  const h = { lines: [] } as unknown as DeployHarness;
  let restore: ((line: string) => void) | undefined;
  beforeAll(async () => {
    [h.s3, h.marathon] = await Promise.all([startS3(), startFakeMarathon()]);
    h.ctx = {
      s3: h.s3.s3,
      bucket: h.s3.bucket,
      region: 'us-east-1',
      artifactBaseUrl: `${h.s3.endpoint}/${h.s3.bucket}`,
      marathon: new MarathonClient({
        baseUrl: h.marathon.url,
        timeouts: { connectTimeoutMs: 1000, headersTimeoutMs: 2000, bodyTimeoutMs: 2000 },
      }),
      limits: { maxEntries: 100, maxUncompressedBytes: 32 * 1024 * 1024, maxRatio: 100, manifestMaxBytes: 4096 },
      putRetries: 2,
      retryBaseDelayMs: 5,
    };
  });
  afterAll(async () => {
    await h.ctx?.marathon.close();
    await h.marathon?.close();
    await h.s3?.close();
  });
  beforeEach(() => {
    h.lines = [];
    restore = logger.setSink((line) => h.lines.push(JSON.parse(line) as Record<string, unknown>));
  });
  afterEach(() => {
    if (restore) logger.setSink(restore);
  });
  return h;
}

async function exists(h: DeployHarness, key: string): Promise<boolean> {
  try {
    await h.s3.s3.send(new HeadObjectCommand({ Bucket: h.s3.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function readJson(h: DeployHarness, key: string): Promise<Record<string, unknown>> {
  const response = await h.s3.s3.send(new GetObjectCommand({ Bucket: h.s3.bucket, Key: key }));
  return JSON.parse((await response.Body?.transformToString()) ?? '') as Record<string, unknown>;
}

async function upload(h: DeployHarness, key: string, bytes: Buffer): Promise<string> {
  const put = await h.s3.s3.send(new PutObjectCommand({ Bucket: h.s3.bucket, Key: key, Body: bytes }));
  return put.ETag ?? '';
}

/** Delivers one event for `record` and tells what became of the upload; asserts nothing was lost on the way. */
async function deliver(h: DeployHarness, record: UploadRecordInput): Promise<Fate> {
  const before = h.lines.length;
  try {
    await handleS3Event(h.ctx, s3EventOf(record), 'incoming/');
  } catch (error) {
    count('crashes');
    return { fate: 'crashed', error };
  }
  const outcomes = h.lines.slice(before).filter((line) => line.outcome && line.outcome !== 'accepted');
  const line = outcomes.at(-1) ?? {};
  const lost = !(await exists(h, record.key));
  if (line.outcome === 'rejected') {
    const stored = await readJson(h, rejectionKey(record.key)).catch(() => undefined);
    if (lost || stored?.code !== line.code) count('lostUploads');
    expect(stored).toMatchObject({ code: line.code, key: record.key });
    expect(lost).toBe(false);
    return { fate: 'rejected', code: String(line.code), message: String(line.message) };
  }
  if (lost) count('lostUploads');
  expect(lost).toBe(false);
  const fate = String(line.outcome).replace(/^.*(deployed|unchanged|ignored)$/, '$1');
  if (fate === 'deployed' || fate === 'unchanged' || fate === 'ignored') return { fate, line };
  count('crashes');
  return { fate: 'crashed', error: new Error(`no outcome line for ${record.key}: ${JSON.stringify(outcomes)}`) };
}

/** Uploads `bytes` to `key` and delivers its event. */
async function runUpload(h: DeployHarness, key: string, bytes: Buffer, extra: Partial<UploadRecordInput> = {}) {
  const etag = await upload(h, key, bytes);
  return deliver(h, { key, etag, ...extra });
}

export type { DeployHarness, Fate };
export { deliver, exists, readJson, runUpload, upload, useDeployHarness };
