import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, localS3Client, startLocalAws } from '#local/aws/index.ts';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { selectExampleBundle } from '#local/example/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

let dataDir: string;
let stack: LocalAws;
let cluster: LocalCluster;
let runner: LocalRunner;
let s3: S3Client;
let marathon: MarathonClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'deploy-local-stack-'));
  stack = await startLocalAws({ dataDir });
  cluster = await startCluster({ agents: 1, killGracePeriodMs: 500 });
  runner = await startLocalRunner({
    stack,
    dataDir,
    env: { MARATHON_URL: cluster.marathonUrl, MESOS_MASTER_URL: cluster.mesosMasterUrl },
    triggers: { s3: true, schedule: false, sqs: false },
  });
  s3 = localS3Client(stack);
  marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
});

afterAll(async () => {
  s3?.destroy();
  await runner?.stop();
  await cluster?.stop();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('deploy handler in the local runner (s3rver event → worker → stand-in)', () => {
  it('runs an uploaded bundle and records a bad one as rejected, from S3 events alone', async () => {
    const example = await selectExampleBundle({ kind: 'prebuilt', outDir: dataDir }).catch(() =>
      selectExampleBundle({ kind: 'fallback', outDir: dataDir }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'incoming/rest app.tar.gz',
        Body: await readFile(example.path),
      }),
    );
    const invocation = await runner.waitForInvocation((r) => r.name === 'deploy', 30_000);
    expect(invocation.error).toBeUndefined();

    const task = await waitFor(
      async () => (await marathon.listTasks('/rest-app')).find((t) => t.state === 'TASK_RUNNING' && t.ports?.[0]),
      { timeoutMs: 30_000, what: 'rest-app running' },
    );
    const answer = await waitFor(
      async () => (await request(`http://${task.host}:${task.ports?.[0]}/`, { headersTimeout: 3_000 })).body.json(),
      { timeoutMs: 15_000, what: 'rest-app answering' },
    );
    expect(answer).toEqual({ foo: 'bar' });

    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'incoming/broken.tar.gz', Body: 'not gzip' }));
    await runner.waitForInvocation(
      (r) => r.name === 'deploy' && JSON.stringify(r.event).includes('incoming/broken.tar.gz'),
      30_000,
    );
    const rejection = await s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: 'rejected/incoming/broken.tar.gz.json' }),
    );
    expect(JSON.parse((await rejection.Body?.transformToString()) ?? '')).toMatchObject({ code: 'BUNDLE_NOT_GZIP' });
  });
});
