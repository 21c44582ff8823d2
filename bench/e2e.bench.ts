/**
 * `npm run bench -- e2e`: upload → app answering on the local stack, with the prebuilt example bundle (goal < 5 s).
 * One run = PutObject of the bundle under incoming/ → S3 event → deploy function (validate, store, PUT to Marathon)
 * → stand-in Marathon launches a task → the agent fetches the stored bundle from s3rver over HTTP, unpacks it, runs
 * app.pyz → `GET /` answers {"foo": "bar"}. Between runs the app is deleted, so each run is a first deploy.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localS3Client } from '#local/aws/index.ts';
import { waitForAnswer } from '#local/demo/app-endpoints.ts';
import { startDemoStack } from '#local/demo/stack.ts';
import { PREBUILT_BUNDLE } from '#local/example/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { writeBenchResult } from './lib/results.ts';

const RUNS = 7;
const APP_ID = 'rest-app';

const dataDir = await mkdtemp(join(tmpdir(), 'bench-e2e-'));
const stack = await startDemoStack({ dataDir, agents: 3, scheduleMs: 60_000 });
const marathon = new MarathonClient({
  baseUrl: stack.cluster.marathonUrl,
  timeouts: { connectTimeoutMs: 1_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
});
const s3 = localS3Client(stack.aws);
const body = await readFile(PREBUILT_BUNDLE);
const timings: number[] = [];
const deployMs: number[] = [];

try {
  for (let run = 1; run <= RUNS; run++) {
    if (await marathon.getApp(APP_ID)) {
      await marathon.deleteApp(APP_ID, { force: true });
      while (await marathon.getApp(APP_ID)) await sleep(50);
    }
    const key = `incoming/${APP_ID}-bench-${run}-${Date.now()}.tar.gz`;
    const deployed = stack.runner.waitForInvocation(
      (r) => r.name === 'deploy' && JSON.stringify(r.event).includes(key),
      30_000,
    );
    const started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: stack.aws.bucket, Key: key, Body: body }));
    const answer = await waitForAnswer(marathon, APP_ID, { timeoutMs: 30_000, intervalMs: 20 });
    const elapsed = performance.now() - started;
    const invocation = await deployed;
    if (invocation.error) throw new Error(`deploy failed: ${invocation.error.message}`);
    if (!isDeepStrictEqual(answer.body, { foo: 'bar' }))
      throw new Error(`unexpected answer ${JSON.stringify(answer.body)}`);
    timings.push(elapsed);
    deployMs.push(invocation.durationMs);
    console.log(`run ${run}: answered after ${elapsed.toFixed(0)} ms (deploy function ${invocation.durationMs} ms)`);
  }
} finally {
  s3.destroy();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}

const sorted = [...timings].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
const seconds = (ms: number) => Math.round(ms) / 1000;
const goal = { op: '<' as const, target: 5, on: 'value' as const };
await writeBenchResult({
  name: 'e2e',
  title: 'Upload → app answering on the local stack (prebuilt example bundle)',
  figures: [
    { name: 'upload → answering, min', value: seconds(sorted[0] ?? Number.NaN), unit: 's', goal },
    { name: 'upload → answering, median', value: seconds(median), unit: 's', goal },
    { name: 'upload → answering, max', value: seconds(sorted.at(-1) ?? Number.NaN), unit: 's', goal },
    {
      name: 'deploy function invocation, median',
      value: seconds([...deployMs].sort((a, b) => a - b)[Math.floor(deployMs.length / 2)] ?? Number.NaN),
      unit: 's',
    },
  ],
  notes: [
    `${RUNS} runs; each deletes the app first, so every run is a first deploy (PUT creates the app).`,
    'Measured from the start of PutObject to the first 200 JSON answer of GET / on the task (polled every 20 ms).',
    'Includes the stand-in launching app.pyz (Gunicorn + Falcon) with python3 and its start-up, about 0.4 s on its own.',
  ],
});
console.log(`median ${seconds(median)} s over ${RUNS} runs`);
