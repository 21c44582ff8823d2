import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentKey,
  DeployEventError,
  DIGEST_LABEL,
  deployUpload,
  handleS3Event,
  rejectionKey,
  SOURCE_KEY_LABEL,
} from '#shared/deploy/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { seedBundle } from '#test/helpers/bundles.ts';
import { deadPort } from '#test/helpers/fake-mesos-agent.ts';
import { S3_TEST_EVENT, s3EventOf, s3RecordOf } from '#test/helpers/s3-events.ts';
import { deliver, exists, readJson, runUpload, upload, useDeployHarness } from './deploy-harness.ts';
import { count, failureOf, guarded, reportCounts } from './tally.ts';
import { type ScriptedServer, startScripted } from './upstream.ts';

/**
 * S3 notifications as they really arrive: odd keys, test events, other buckets and prefixes, malformed payloads,
 * duplicates, reordering, and an invocation killed half-way then redelivered. The end state (Marathon's app, the
 * deploys/<app>/current.json pointer, the upload) is checked after each.
 */

reportCounts();
const h = useDeployHarness();
let silent: ScriptedServer;

beforeAll(async () => {
  silent = await startScripted();
  silent.routes.set('/v2/apps/outage-http-timeout', { kind: 'hang' });
});
afterAll(async () => {
  await silent?.close();
});

describe('S3 event keys', () => {
  // s3rver decodes x-amz-copy-source with decodeURI, which keeps %2B (and the other reserved characters) encoded,
  // so on the local stack a key with + cannot be copied to bundles/; AWS decodes it fully. Such keys are checked
  // up to the rejection record (which needs no copy); the others deploy end to end.
  it.each([
    ['spaces', 'incoming/my app v2.tar.gz', true],
    ['unicode', 'incoming/ünïcødé-アプリ.tar.gz', true],
    ['a percent sign', 'incoming/100%-ready.tar.gz', true],
    ['a plus sign', 'incoming/app+extra.tar.gz', false],
    ['a literal %2B', 'incoming/x%2By.tar.gz', false],
  ])('finds the upload behind a key with %s and records the real key', async (_what, key, deployOnS3rver) => {
    const appId = `key-${Math.random().toString(36).slice(2, 8)}`;

    const rejected = await guarded('inputs', () => runUpload(h, key, Buffer.from('not a bundle')));
    expect(rejected).toMatchObject({ fate: 'rejected', code: 'BUNDLE_NOT_GZIP' });
    expect(await readJson(h, rejectionKey(key))).toMatchObject({ key, code: 'BUNDLE_NOT_GZIP' });
    if (!deployOnS3rver) return;
    const deployed = await runUpload(h, key, await seedBundle({ id: appId }));

    expect(deployed.fate, JSON.stringify(deployed)).toBe('deployed');
    expect(await readJson(h, currentKey(appId))).toMatchObject({ sourceKey: key });
    expect(h.marathon.apps.get(`/${appId}`)?.labels).toMatchObject({ [SOURCE_KEY_LABEL]: key });
  });
});

describe('events that are not this product’s uploads', () => {
  it('ignores the test event, other buckets, other prefixes, deletions and badly encoded keys, reading nothing', async () => {
    await upload(h, 'incoming/theirs.tar.gz', await seedBundle({ id: 'not-ours' }));
    const puts = h.marathon.puts().length;
    const events = [
      S3_TEST_EVENT,
      s3EventOf({ key: 'incoming/theirs.tar.gz', bucket: 'someone-elses-bucket' }),
      s3EventOf({ key: 'bundles/theirs.tar.gz' }, { key: 'incoming/readme.md' }),
      s3EventOf({ key: 'incoming/theirs.tar.gz', eventName: 'ObjectRemoved:Delete' }),
      {
        Records: [
          {
            ...s3RecordOf({ key: 'x' }),
            s3: { bucket: { name: 'bundles' }, object: { key: 'incoming/%E0%A4%A.tar.gz' } },
          },
        ],
      },
    ];

    for (const event of events) await guarded('inputs', () => handleS3Event(h.ctx, event, 'incoming/'));

    expect(h.lines.map((line) => line.reason)).toEqual([
      's3:TestEvent',
      'other bucket someone-elses-bucket',
      'outside incoming/',
      'not a .tar.gz',
      'event ObjectRemoved:Delete',
      'key is not URL-encoded as S3 encodes it',
    ]);
    expect(h.marathon.puts().length).toBe(puts);
    expect(await exists(h, 'incoming/theirs.tar.gz')).toBe(true);
  });

  it('refuses malformed events with DEPLOY_BAD_EVENT naming the bad field', async () => {
    const record = s3RecordOf({ key: 'incoming/a.tar.gz' });
    const cases: Array<[unknown, string]> = [
      [null, '(event)'],
      ['a string', '(event)'],
      [{}, 'Records'],
      [{ Records: 'x' }, 'Records'],
      [{ Records: [{}] }, 'Records.0.eventName'],
      [{ Records: [{ ...record, eventTime: 'noon' }] }, 'Records.0.eventTime'],
      [{ Records: [{ ...record, s3: { bucket: { name: 'bundles' }, object: {} } }] }, 'Records.0.s3.object.key'],
    ];
    for (const [event, field] of cases) {
      count('inputs');
      const error = await failureOf(handleS3Event(h.ctx, event, 'incoming/'));
      expect(error).toBeInstanceOf(DeployEventError);
      expect((error as DeployEventError).message).toContain(field);
    }
  });
});

describe('Marathon down or slow during a deploy', () => {
  it.each([
    ['down', async () => `http://127.0.0.1:${await deadPort()}`, 'HTTP_NETWORK'],
    ['never answering', async () => silent.url, 'HTTP_TIMEOUT'],
  ])(
    'Marathon %s: the event fails (S3 retries it), no rejection is recorded, and the retry deploys',
    async (_what, url, code) => {
      const key = `incoming/outage-${code}.tar.gz`;
      const etag = await upload(h, key, await seedBundle({ id: `outage-${code.toLowerCase().replace('_', '-')}` }));
      const timeouts = { connectTimeoutMs: 300, headersTimeoutMs: 300, bodyTimeoutMs: 300 };
      const away = new MarathonClient({ baseUrl: await url(), timeouts });
      count('faults');

      const failure = await failureOf(
        handleS3Event({ ...h.ctx, marathon: away, putRetries: 1 }, s3EventOf({ key, etag }), 'incoming/'),
      );
      await away.close();

      expect(failure).toMatchObject({ code: 'DEPLOY_BATCH_FAILED' });
      expect(h.lines.find((l) => l.outcome === 'failed')).toMatchObject({ code });
      expect(await exists(h, rejectionKey(key))).toBe(false);
      expect(await exists(h, key)).toBe(true);
      expect((await deliver(h, { key, etag })).fate).toBe('deployed');
    },
  );
});

describe('duplicates, reordering and interrupted deploys', () => {
  it('same key uploaded twice, events delivered newest first, then the old one, then the newest again: v2 once', async () => {
    const key = 'incoming/order.tar.gz';
    const v1 = await upload(h, key, await seedBundle({ id: 'order-app', env: { V: '1' } }));
    const v2 = await upload(h, key, await seedBundle({ id: 'order-app', env: { V: '2' } }));
    const puts = h.marathon.puts().length;

    const fates = [];
    for (const [etag, sequencer] of [
      [v2, '0000000000000000B2'],
      [v1, '0000000000000000B1'],
      [v2, '0000000000000000B2'],
    ] as const) {
      fates.push(await guarded('faults', () => deliver(h, { key, etag, sequencer })));
    }

    // The old event finds either another object behind its etag (ignored) or an older sequencer (unchanged).
    expect(fates.map((f) => f.fate)).toEqual(['deployed', expect.stringMatching(/^(ignored|unchanged)$/), 'unchanged']);
    expect(h.marathon.puts().length - puts).toBe(1);
    expect(h.marathon.apps.get('/order-app')?.env).toMatchObject({ V: '2' });
  });

  it('killed after storing the bundle, before the PUT: the redelivery deploys once', async () => {
    const key = 'incoming/killed-early.tar.gz';
    const etag = await upload(h, key, await seedBundle({ id: 'killed-early' }));
    const event = { key, etag, eventTime: new Date().toISOString(), who: 'AWS:AIDATESTUSER' };
    const puts = h.marathon.puts().length;
    count('faults');

    const killed = deployUpload(h.ctx, event, {
      onAccepted: () => {
        throw new Error('sandbox killed after the copy');
      },
    });
    await expect(killed).rejects.toThrow(/killed/);
    expect(h.marathon.puts().length).toBe(puts);
    const fate = await deliver(h, { key, etag });

    expect(fate.fate).toBe('deployed');
    expect(h.marathon.puts().length - puts).toBe(1);
    const current = await readJson(h, currentKey('killed-early'));
    expect(h.marathon.apps.get('/killed-early')?.labels).toMatchObject({ [DIGEST_LABEL]: current.digest });
  });

  it('killed after Marathon took the PUT, before the record: the redelivery records it and keeps the instance count', async () => {
    const key = 'incoming/killed-late.tar.gz';
    const etag = await upload(h, key, await seedBundle({ id: 'killed-late', instances: 2 }));
    const marathon = h.ctx.marathon;
    const dying = new Proxy(marathon, {
      get(target, prop) {
        if (prop === 'putApp') {
          return async (...args: Parameters<typeof marathon.putApp>) => {
            await target.putApp(...args);
            throw new Error('sandbox killed after the PUT');
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    count('faults');

    await expect(
      deployUpload(
        { ...h.ctx, marathon: dying, putRetries: 0 },
        { key, etag, eventTime: new Date().toISOString(), who: 'x' },
      ),
    ).rejects.toThrow(/killed/);
    expect(await exists(h, currentKey('killed-late'))).toBe(false);
    // Meanwhile the scaler changes the count; the redelivered deploy must not reset it.
    const app = h.marathon.apps.get('/killed-late') ?? {};
    h.marathon.apps.set('/killed-late', { ...app, instances: 5 });
    const fate = await deliver(h, { key, etag });

    expect(fate.fate).toBe('deployed');
    const current = await readJson(h, currentKey('killed-late'));
    expect(h.marathon.apps.get('/killed-late')).toMatchObject({
      instances: 5,
      labels: { [DIGEST_LABEL]: current.digest },
    });
    count('wrongScaleActions', h.marathon.apps.get('/killed-late')?.instances === 5 ? 0 : 1);
  });
});
