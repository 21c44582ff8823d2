import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStackFile, removeStackFile, type StackFile, writeStackFile } from '#local/demo/stack-file.ts';

const stack = (pid: number): StackFile => ({
  pid,
  startedAt: '2026-11-25T20:00:00.000Z',
  region: 'us-east-1',
  bucket: 'b',
  incomingPrefix: 'incoming/',
  s3Endpoint: 'http://127.0.0.1:1',
  sqsEndpoint: 'http://127.0.0.1:2',
  marathonUrl: 'http://127.0.0.1:3',
  mesosMasterUrl: 'http://127.0.0.1:4',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  logDir: '/tmp/logs',
});

describe('stack.json', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stack-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what npm start wrote while its process runs', async () => {
    await writeStackFile(dir, stack(process.pid));
    const read = await readStackFile(dir);
    expect(read.state).toBe('running');
    expect(read.state === 'running' && read.stack.marathonUrl).toBe('http://127.0.0.1:3');
  });

  it('calls a file whose process is gone stale', async () => {
    // Far above any pid_max: no such process.
    await writeStackFile(dir, stack(2 ** 30));
    expect((await readStackFile(dir)).state).toBe('stale');
  });

  it('tells a missing file from an unreadable one', async () => {
    expect((await readStackFile(dir)).state).toBe('missing');
    await writeFile(join(dir, 'stack.json'), '{"pid": "x"}');
    expect((await readStackFile(dir)).state).toBe('invalid');
    await writeFile(join(dir, 'stack.json'), 'not json');
    expect((await readStackFile(dir)).state).toBe('invalid');
  });

  it('is gone after removeStackFile', async () => {
    await writeStackFile(dir, stack(process.pid));
    await removeStackFile(dir);
    expect((await readStackFile(dir)).state).toBe('missing');
  });
});
