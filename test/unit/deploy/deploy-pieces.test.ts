import { describe, expect, it } from 'vitest';
import { ManifestSchema } from '#shared/bundle/index.ts';
import {
  artifactUrl,
  compareSequencers,
  currentKey,
  deployRecordKey,
  isOlder,
  parseS3Event,
  rejectionKey,
  toAppDefinition,
} from '#shared/deploy/index.ts';
import { S3_TEST_EVENT, s3EventOf } from '#test/helpers/s3-events.ts';

const manifest = ManifestSchema.parse({
  id: 'shop/rest-app',
  cmd: './app.pyz api:app -b $HOST:$PORT0',
  instances: 2,
  labels: { team: 'shop' },
  autoscaling: { policy: 'target', maxInstances: 10 },
});
const source = { artifactUrl: 'https://b/x.tar.gz', digest: 'ab'.repeat(32), sourceKey: 'incoming/x.tar.gz' };

describe('keys and artifact URLs', () => {
  it('keeps records under the app path and sorts records by time', () => {
    expect(currentKey('/shop/rest-app')).toBe('deploys/shop/rest-app/current.json');
    expect(deployRecordKey('shop/rest-app', new Date('2026-11-25T20:00:00Z'), 'abcdef0123456789')).toBe(
      'deploys/shop/rest-app/2026-11-25T20:00:00.000Z-abcdef012345.json',
    );
    expect(rejectionKey('incoming/a b.tar.gz')).toBe('rejected/incoming/a b.tar.gz.json');
  });

  it('uses the bucket regional HTTPS URL unless a base URL is configured', () => {
    expect(artifactUrl('bundles/a/1.tar.gz', { bucket: 'bkt', region: 'eu-west-1' })).toBe(
      'https://bkt.s3.eu-west-1.amazonaws.com/bundles/a/1.tar.gz',
    );
    expect(
      artifactUrl('bundles/a b/1.tar.gz', { bucket: 'bkt', region: 'x', baseUrl: 'http://127.0.0.1:9/bkt/' }),
    ).toBe('http://127.0.0.1:9/bkt/bundles/a%20b/1.tar.gz');
  });
});

describe('toAppDefinition', () => {
  it('adds fetch with extract, the autoscaling labels, digest and source key to the manifest fields', () => {
    const definition = toAppDefinition(manifest, { ...source, exists: false });
    expect(definition).toMatchObject({
      id: '/shop/rest-app',
      cmd: './app.pyz api:app -b $HOST:$PORT0',
      instances: 2,
      fetch: [{ uri: 'https://b/x.tar.gz', extract: true }],
      labels: {
        team: 'shop',
        'autopilot.enabled': 'true',
        'autopilot.policy': 'target',
        'autopilot.maxInstances': '10',
        'autopilot.digest': source.digest,
        'autopilot.source-key': 'incoming/x.tar.gz',
      },
    });
    expect(definition).not.toHaveProperty('autoscaling');
  });

  it('sends Marathon defaults for optional fields the manifest leaves out, since PUT keeps missing fields', () => {
    const plain = ManifestSchema.parse({ id: 'a', cmd: 'run' });
    expect(toAppDefinition(plain, { ...source, exists: true })).toMatchObject({
      env: {},
      healthChecks: [],
      portDefinitions: [{ port: 0, protocol: 'tcp' }],
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    });
  });

  it('leaves instances to the scale function when an autoscaled app already runs', () => {
    expect(toAppDefinition(manifest, { ...source, exists: true })).not.toHaveProperty('instances');
  });

  it('sets instances on update when the app is not autoscaled', () => {
    const plain = ManifestSchema.parse({ id: 'a', cmd: 'run', instances: 3 });
    expect(toAppDefinition(plain, { ...source, exists: true })).toMatchObject({ instances: 3 });
  });
});

describe('ordering', () => {
  const current = {
    appId: 'a',
    digest: 'd',
    recordKey: 'r',
    sourceKey: 'incoming/a.tar.gz',
    sequencer: '0055AED6DCD90281E5',
    eventTime: '2026-11-25T20:00:00.000Z',
    at: '2026-11-25T20:00:01.000Z',
  };

  it('compares sequencers of different lengths by right-padding with zeros', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E500')).toBe(0);
    expect(compareSequencers('0055AED6DCD90281E4FF', '0055AED6DCD90281E5')).toBe(-1);
    expect(compareSequencers('0056', '0055AED6DCD90281E5')).toBe(1);
  });

  it('orders events of the same key by sequencer even when their times say otherwise', () => {
    const event = { key: current.sourceKey, sequencer: '0055AED6DCD90281E4', eventTime: '2030-01-01T00:00:00Z' };
    expect(isOlder(event, current)).toBe(true);
  });

  it('orders events of other keys by event time', () => {
    expect(isOlder({ key: 'incoming/b.tar.gz', eventTime: '2026-11-25T19:59:59Z' }, current)).toBe(true);
    expect(isOlder({ key: 'incoming/b.tar.gz', eventTime: '2026-11-25T20:00:01Z' }, current)).toBe(false);
  });
});

describe('parseS3Event', () => {
  it('decodes keys (+ is a space) and keeps every record', () => {
    const parsed = parseS3Event(
      s3EventOf({ key: 'incoming/my app (1).tar.gz' }, { key: 'incoming/b.tar.gz' }),
      'incoming/',
    );
    expect(parsed.map((r) => ('upload' in r ? r.upload.key : r.ignored))).toEqual([
      'incoming/my app (1).tar.gz',
      'incoming/b.tar.gz',
    ]);
  });

  it('ignores the test event, deletions, other prefixes and other file types', () => {
    expect(parseS3Event(S3_TEST_EVENT, 'incoming/')).toEqual([{ ignored: 's3:TestEvent', key: '' }]);
    const parsed = parseS3Event(
      s3EventOf(
        { key: 'incoming/a.tar.gz', eventName: 'ObjectRemoved:Delete' },
        { key: 'other/a.tar.gz' },
        { key: 'incoming/a.zip' },
      ),
      'incoming/',
    );
    expect(parsed.map((r) => ('ignored' in r ? r.ignored : 'upload'))).toEqual([
      'event ObjectRemoved:Delete',
      'outside incoming/',
      'not a .tar.gz',
    ]);
  });

  it('accepts a record from an IPv6 client, whose metadata it does not read', () => {
    const event = s3EventOf({ key: 'incoming/a.tar.gz' });
    (event.Records[0] as { requestParameters: object }).requestParameters = { sourceIPAddress: '2001:db8::1' };
    expect(parseS3Event(event, 'incoming/')).toHaveLength(1);
  });

  it('throws DEPLOY_BAD_EVENT naming the field for a payload that is not an S3 notification', () => {
    expect(() => parseS3Event({ hello: 'world' }, 'incoming/')).toThrow(
      expect.objectContaining({ code: 'DEPLOY_BAD_EVENT', message: expect.stringMatching(/Records/) }),
    );
    const noKey = s3EventOf({ key: 'incoming/a.tar.gz' });
    const object: { key?: string } = noKey.Records[0]?.s3.object ?? {};
    delete object.key;
    expect(() => parseS3Event(noKey, 'incoming/')).toThrow(/Records\.0\.s3\.object\.key/);
  });

  it('ignores records of another bucket and keys that are not validly encoded, keeping the others', () => {
    const event = s3EventOf({ key: 'incoming/a.tar.gz', bucket: 'someone-else' }, { key: 'incoming/b.tar.gz' });
    const second: { key?: string } = event.Records[1]?.s3.object ?? {};
    second.key = 'incoming/100%.tar.gz';
    const parsed = parseS3Event(
      { Records: [...event.Records, s3EventOf({ key: 'incoming/c.tar.gz' }).Records[0]] },
      'incoming/',
      'bundles',
    );
    expect(parsed.map((r) => ('ignored' in r ? r.ignored : r.upload.key))).toEqual([
      'other bucket someone-else',
      'key is not URL-encoded as S3 encodes it',
      'incoming/c.tar.gz',
    ]);
  });
});
