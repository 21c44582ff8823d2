import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { readTarGz, type SelectedBundle, selectExampleBundle } from '#local/example/index.ts';
import { type DeployContext, handleS3Event, rollback } from '#shared/deploy/index.ts';
import { logger } from '#shared/logging/index.ts';
import { MarathonClient, type MarathonTask } from '#shared/marathon/index.ts';
import { bundleOf } from '#test/helpers/bundles.ts';
import { s3EventOf } from '#test/helpers/s3-events.ts';
import { startS3, type TestS3 } from '#test/helpers/s3rver.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const APP = '/rest-app';
const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let s3: TestS3;
let cluster: LocalCluster;
let marathon: MarathonClient;
let ctx: DeployContext;
let outDir: string;
let example: SelectedBundle;
let sequence = 0x2000;
const lines: Record<string, unknown>[] = [];
let restoreSink: ((line: string) => void) | undefined;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'deploy-e2e-'));
  // The seed's shape: app.pyz + api.py + marathon.json (or the stdlib fallback where that cannot run).
  example = await selectExampleBundle({ kind: 'prebuilt', outDir }).catch(() =>
    selectExampleBundle({ kind: 'fallback', outDir }),
  );
  s3 = await startS3();
  cluster = await startCluster({ agents: 2, killGracePeriodMs: 500 });
  marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
  ctx = {
    s3: s3.s3,
    bucket: s3.bucket,
    region: 'us-east-1',
    artifactBaseUrl: `${s3.endpoint}/${s3.bucket}`,
    marathon,
    limits: { maxEntries: 1000, maxUncompressedBytes: 64 * 1024 * 1024, maxRatio: 100, manifestMaxBytes: 64 * 1024 },
    putRetries: 5,
    retryBaseDelayMs: 100,
  };
  restoreSink = logger.setSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
});

afterAll(async () => {
  if (restoreSink) logger.setSink(restoreSink);
  await cluster?.stop();
  await s3?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function uploadAndHandle(key: string, bytes: Buffer): Promise<Record<string, unknown>[]> {
  const put = await s3.s3.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
  sequence += 1;
  const from = lines.length;
  await handleS3Event(
    ctx,
    s3EventOf({ key, etag: put.ETag?.replace(/"/g, ''), sequencer: `00${sequence.toString(16).toUpperCase()}` }),
    'incoming/',
  );
  return lines.slice(from).filter((line) => line.outcome);
}

/** The app's tasks once its deployment is over and every task runs the given digest and is healthy. */
async function settledOn(digest: string): Promise<MarathonTask[] | undefined> {
  const app = await marathon.getApp(APP);
  if (app?.labels?.['autopilot.digest'] !== digest) return undefined;
  if ((await marathon.listDeployments()).length > 0) return undefined;
  const tasks = await marathon.listTasks(APP);
  const ready = tasks.filter((t) => t.state === 'TASK_RUNNING' && t.version === app.version);
  const healthy = ready.every((t) => (app.healthChecks?.length ? t.healthCheckResults?.[0]?.alive : true));
  return tasks.length > 0 && ready.length === tasks.length && healthy ? tasks : undefined;
}

async function answer(task: MarathonTask): Promise<unknown> {
  const response = await request(`http://${task.host}:${task.ports?.[0]}/`, {
    headersTimeout: 3_000,
    bodyTimeout: 3_000,
  });
  return response.body.json();
}

describe('deploy function against s3rver and the Marathon + Mesos stand-in', () => {
  let first: Buffer;
  let changed: Buffer;
  let firstTaskIds: string[] = [];

  it('turns an uploaded seed-style bundle into a running app answering on its port', async () => {
    first = await readFile(example.path);
    const outcomes = await uploadAndHandle('incoming/rest-app.tar.gz', first);
    expect(outcomes.map((l) => l.outcome)).toEqual(['accepted', 'deployed']);

    const tasks = await waitFor(() => settledOn(sha256(first)), { timeoutMs: 30_000, what: 'first deploy running' });
    expect(await answer(tasks[0] as MarathonTask)).toEqual({ foo: 'bar' });
    firstTaskIds = tasks.map((t) => t.id);
  });

  it('treats the same bytes uploaded again as a no-op', async () => {
    const versionBefore = (await marathon.getApp(APP))?.version;
    const outcomes = await uploadAndHandle('incoming/rest-app-again.tar.gz', first);
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'unchanged', reason: 'same-digest' })]);
    expect((await marathon.getApp(APP))?.version).toBe(versionBefore);
  });

  it('rolls a changed bundle out: new tasks replace the old ones and answer', async () => {
    const files = await readTarGz(example.path);
    const withEnv = files.map((file) => {
      if (file.name !== 'marathon.json') return { name: file.name, body: file.data, mode: file.mode };
      const manifest = JSON.parse(file.data.toString('utf8')) as Record<string, unknown>;
      return { name: file.name, body: JSON.stringify({ ...manifest, env: { RELEASE: '2' } }), mode: file.mode };
    });
    changed = await bundleOf(withEnv);
    const outcomes = await uploadAndHandle('incoming/rest-app.tar.gz', changed);
    expect(outcomes.map((l) => l.outcome)).toEqual(['accepted', 'deployed']);

    const tasks = await waitFor(() => settledOn(sha256(changed)), { timeoutMs: 30_000, what: 'rolling update' });
    expect(tasks.map((t) => t.id).filter((id) => firstTaskIds.includes(id))).toEqual([]);
    expect((await marathon.getApp(APP))?.env).toMatchObject({ RELEASE: '2' });
    expect(await answer(tasks[0] as MarathonTask)).toEqual({ foo: 'bar' });
  });

  it('rolls back to the first digest', async () => {
    const result = await rollback(ctx, 'rest-app', sha256(first), { who: 'test' });
    expect(result.digest).toBe(sha256(first));
    const tasks = await waitFor(() => settledOn(sha256(first)), { timeoutMs: 30_000, what: 'rollback' });
    expect((await marathon.getApp(APP))?.env ?? {}).not.toHaveProperty('RELEASE');
    expect(await answer(tasks[0] as MarathonTask)).toEqual({ foo: 'bar' });
  });

  it('rejects a bad bundle and leaves the running app alone', async () => {
    const before = await marathon.getApp(APP);
    const outcomes = await uploadAndHandle('incoming/bad.tar.gz', await bundleOf([{ name: 'api.py', body: 'x' }]));
    expect(outcomes).toEqual([expect.objectContaining({ outcome: 'rejected', code: 'BUNDLE_NO_MANIFEST' })]);
    expect((await marathon.getApp(APP))?.version).toBe(before?.version);
  });
});
