import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ScaleStateStore, type ScaleState, stateKey } from '#shared/scale/index.ts';
import { startStateBucket } from '#test/helpers/scale-harness.ts';

const BUCKET = 'scale-state-store';
let bucket: Awaited<ReturnType<typeof startStateBucket>>;
let store: S3ScaleStateStore;

const state = (appId: string): ScaleState => ({
  version: 1,
  appId,
  lastCycleId: 'c1',
  lastCollectedAt: '2026-11-25T20:00:00.000Z',
  updatedAt: '2026-11-25T20:00:05.000Z',
  engine: { version: 1, lastScalingAt: null, policyState: { policy: 'threshold', upPeriods: 2, downPeriods: 0 } },
  lastDeploymentId: null,
});

async function putRaw(appId: string, body: string) {
  await bucket.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: stateKey(appId), Body: body }));
}

beforeAll(async () => {
  bucket = await startStateBucket(BUCKET);
  store = new S3ScaleStateStore({ s3: bucket.s3, bucket: BUCKET });
});

afterAll(async () => {
  await bucket.close();
});

describe('S3ScaleStateStore', () => {
  it('keys the state by the encoded app id', () => {
    expect(stateKey('/team/api')).toBe('state/scale/%2Fteam%2Fapi.json');
  });

  it('round-trips a state and knows nothing of a new app', async () => {
    await store.save(state('/team/api'));

    expect(await store.load('/team/api')).toEqual({ state: state('/team/api') });
    expect(await store.load('/new')).toEqual({ state: undefined });
  });

  it('starts fresh, with the problems, when the stored object is not JSON or not a state', async () => {
    await putRaw('/garbage', '{oops');
    await putRaw('/wrong-shape', JSON.stringify({ version: 1, appId: '/wrong-shape' }));
    await putRaw('/someone-else', JSON.stringify(state('/elsewhere')));

    expect(await store.load('/garbage')).toEqual({ state: undefined, problems: ['not JSON'] });
    expect((await store.load('/wrong-shape')).problems).toContain(
      'lastCycleId: Invalid input: expected string, received undefined',
    );
    expect(await store.load('/someone-else')).toEqual({ state: undefined, problems: ['belongs to /elsewhere'] });
  });

  it('lets other S3 failures through so the message is retried', async () => {
    const missing = new S3ScaleStateStore({ s3: bucket.s3, bucket: 'no-such-bucket' });

    await expect(missing.load('/x', new AbortController().signal)).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
