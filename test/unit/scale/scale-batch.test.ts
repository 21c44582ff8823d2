import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { SCALE_DECISION_FIELDS, SCALE_LOG } from '#shared/logging/scale-log.ts';
import { stateKey } from '#shared/scale/index.ts';
import { marathonApp, sqsRecord, usageMessage } from '#test/helpers/scale-harness.ts';
import { COLLECTED, useScaleFixture } from './scaler-fixture.ts';

const BUCKET = 'scale-state';
const f = useScaleFixture(BUCKET);

describe('scale function', () => {
  it('scales a loaded app up and logs one decision line with the stable shape', async () => {
    f.marathon.apps.set('/hot', marathonApp('/hot', 2, { 'autopilot.targetCpu': '50' }));
    const record = sqsRecord(usageMessage('/hot', 'c1', COLLECTED, 2, 1), '/hot');

    const result = await f.scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    expect(f.marathon.puts).toEqual([{ id: '/hot', body: { instances: 4 } }]);
    const [line] = f.decisions();
    expect(Object.keys(line ?? {})).toEqual(
      expect.arrayContaining([...Object.values(SCALE_DECISION_FIELDS), 'timestamp', 'level', 'message']),
    );
    expect(line).toMatchObject({
      appId: '/hot',
      cycleId: 'c1',
      policy: 'target',
      params: { targetCpu: 50, minInstances: 1 },
      observed: { cpuMean: 1, cpuP90: 1, memMean: 0.3, overloaded: 2, samples: 2, tasksMissing: 0 },
      current: 2,
      desired: 4,
      action: 'scale-up',
      reason: 'above-target',
      blockedBy: null,
      dryRun: false,
      deploymentId: 'deployment-1',
      applyError: null,
    });
    expect(f.metrics).toEqual([
      expect.objectContaining({ AppId: '/hot', DesiredInstances: 4, CurrentInstances: 2, CpuUtilisation: 100 }),
    ]);
  });

  it('applies the same message delivered twice only once', async () => {
    f.marathon.apps.set('/twice', marathonApp('/twice', 2, { 'autopilot.targetCpu': '50' }));
    const body = usageMessage('/twice', 'c1', COLLECTED, 2, 1);

    await f.scaler().run([sqsRecord(body, '/twice')]);
    f.marathon.apps.set('/twice', marathonApp('/twice', 2, { 'autopilot.targetCpu': '50' }));
    const again = await f.scaler().run([sqsRecord(body, '/twice')]);

    expect(again.batchItemFailures).toEqual([]);
    expect(f.marathon.puts).toHaveLength(1);
    expect(f.withMessage(SCALE_LOG.dropped)).toEqual([
      expect.objectContaining({ appId: '/twice', reason: 'duplicate' }),
    ]);
  });

  it('logs a "no change" decision and keeps the policy state', async () => {
    f.marathon.apps.set('/calm', marathonApp('/calm', 3, {}));

    await f.scaler().run([sqsRecord(usageMessage('/calm', 'c1', COLLECTED, 3, 0.8), '/calm')]);

    expect(f.marathon.puts).toEqual([]);
    expect(f.decisions()).toEqual([
      expect.objectContaining({ appId: '/calm', action: 'none', reason: 'within-tolerance', deploymentId: null }),
    ]);
    const stored = await f.bucket.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: stateKey('/calm') }));
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '')).toMatchObject({ lastCycleId: 'c1' });
  });

  it('retries a 409 and holds back the later messages of the same app, but not other apps', async () => {
    f.marathon.apps.set('/locked', marathonApp('/locked', 2, { 'autopilot.targetCpu': '50' }));
    f.marathon.apps.set('/other', marathonApp('/other', 2, { 'autopilot.targetCpu': '50' }));
    f.marathon.putScript.push({
      status: 409,
      body: JSON.stringify({ message: 'locked', deployments: [{ id: 'd-9' }] }),
    });
    const first = sqsRecord(usageMessage('/locked', 'c1', COLLECTED, 2, 1), '/locked');
    const other = sqsRecord(usageMessage('/other', 'c1', COLLECTED, 2, 1), '/other');
    const second = sqsRecord(usageMessage('/locked', 'c2', '2026-11-25T20:00:02.000Z', 2, 1), '/locked');

    const result = await f.scaler().run([first, other, second]);
    const retried = await f.scaler().run([first]);

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: first.messageId },
      { itemIdentifier: second.messageId },
    ]);
    expect(f.withMessage(SCALE_LOG.failed)[0]).toMatchObject({
      appId: '/locked',
      code: 'MARATHON_LOCKED',
      retry: true,
    });
    expect(f.decisions()[0]).toMatchObject({ appId: '/locked', applyError: 'MARATHON_LOCKED', deploymentId: null });
    // The rollback lets the redelivered message decide and apply.
    expect(retried.batchItemFailures).toEqual([]);
    expect(f.marathon.puts.map((put) => put.id)).toEqual(['/other', '/locked']);
  });

  it('retries a 5xx answer', async () => {
    f.marathon.apps.set('/flaky', marathonApp('/flaky', 2, { 'autopilot.targetCpu': '50' }));
    f.marathon.putScript.push({ status: 503, body: '{"message":"leader unavailable"}' });
    const record = sqsRecord(usageMessage('/flaky', 'c1', COLLECTED, 2, 1), '/flaky');

    const result = await f.scaler().run([record]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(f.withMessage(SCALE_LOG.failed)[0]).toMatchObject({ code: 'HTTP_STATUS', retry: true });
  });

  it('gives up on a 422 with an error log instead of retrying', async () => {
    f.marathon.apps.set('/rejected', marathonApp('/rejected', 2, { 'autopilot.targetCpu': '50' }));
    const details = [{ path: '/instances', errors: ['quota exceeded'] }];
    f.marathon.putScript.push({ status: 422, body: JSON.stringify({ message: 'Object is not valid', details }) });

    const result = await f.scaler().run([sqsRecord(usageMessage('/rejected', 'c1', COLLECTED, 2, 1), '/rejected')]);

    expect(result.batchItemFailures).toEqual([]);
    expect(f.withMessage(SCALE_LOG.failed)[0]).toMatchObject({
      level: 'error',
      code: 'MARATHON_INVALID_APP',
      retry: false,
    });
  });

  it('sends a message to the DLQ when Marathon answers HTML instead of its API', async () => {
    f.marathon.getScript.push({ status: 200, body: '<html>login</html>', contentType: 'text/html' });
    const record = sqsRecord(usageMessage('/html', 'c1', COLLECTED, 2, 1), '/html');

    const result = await f.scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    const [dead] = await f.dlq.drain();
    expect(dead?.attributes.reason).toMatch(/^HTTP_BAD_RESPONSE/);
    expect(dead?.attributes.sourceMessageId).toBe(record.messageId);
  });

  it('forwards a malformed message to the DLQ with the reason and acknowledges it', async () => {
    const record = sqsRecord({ version: 1, appId: 'no-slash' }, '/bad');

    const result = await f.scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    const [dead] = await f.dlq.drain();
    expect(dead?.body).toBe(record.body);
    expect(dead?.attributes.reason).toContain('malformed usage message');
    expect(dead?.attributes.reason).toContain('appId');
    expect(f.withMessage(SCALE_LOG.poison)).toEqual([expect.objectContaining({ forwarded: true, level: 'error' })]);
  });

  it('leaves a malformed message to SQS redrive when no DLQ is configured', async () => {
    const record = sqsRecord('not json', '/bad');

    const result = await f.scaler({ STATS_DLQ_URL: undefined }).run([record]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(f.withMessage(SCALE_LOG.poison)[0]).toMatchObject({ forwarded: false });
  });

  it('drops a stale message with its age', async () => {
    const record = sqsRecord(usageMessage('/old', 'c0', '2026-11-25T19:50:00.000Z', 2, 1), '/old');

    const result = await f.scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    expect(f.withMessage(SCALE_LOG.dropped)).toEqual([expect.objectContaining({ reason: 'stale', ageS: 605 })]);
  });

  it('leaves an app with invalid labels alone and says which label is wrong', async () => {
    f.marathon.apps.set('/typo', marathonApp('/typo', 2, { 'autopilot.targetCPU': '50' }));

    await f.scaler().run([sqsRecord(usageMessage('/typo', 'c1', COLLECTED, 2, 1), '/typo')]);

    expect(f.marathon.puts).toEqual([]);
    expect(f.withMessage(SCALE_LOG.invalidLabels)[0]).toMatchObject({
      appId: '/typo',
      problems: [expect.objectContaining({ label: 'autopilot.targetCPU' })],
    });
  });

  it('drops messages for apps that are gone or opted out', async () => {
    f.marathon.apps.set('/off', marathonApp('/off', 2, { 'autopilot.enabled': 'false' }));

    await f
      .scaler()
      .run([
        sqsRecord(usageMessage('/gone', 'c1', COLLECTED, 2, 1), '/gone'),
        sqsRecord(usageMessage('/off', 'c1', COLLECTED, 2, 1), '/off'),
      ]);

    expect(f.withMessage(SCALE_LOG.dropped).map((line) => line.reason)).toEqual(['app-not-found', 'not-enabled']);
  });

  it('does not scale during a deployment and says so', async () => {
    f.marathon.apps.set('/deploying', marathonApp('/deploying', 2, {}, { deployments: [{ id: 'd-1' }] }));

    await f.scaler().run([sqsRecord(usageMessage('/deploying', 'c1', COLLECTED, 2, 1), '/deploying')]);

    expect(f.marathon.puts).toEqual([]);
    expect(f.decisions()[0]).toMatchObject({ action: 'none', blockedBy: 'deployment' });
  });

  it('only logs in dry-run mode', async () => {
    f.marathon.apps.set('/dry', marathonApp('/dry', 2, { 'autopilot.targetCpu': '50' }));

    await f.scaler({ DRY_RUN: 'true' }).run([sqsRecord(usageMessage('/dry', 'c1', COLLECTED, 2, 1), '/dry')]);

    expect(f.marathon.puts).toEqual([]);
    expect(f.decisions()[0]).toMatchObject({ action: 'none', desired: 4, blockedBy: 'dry-run', dryRun: true });
  });

  it('hands every record back once the deadline has passed', async () => {
    const records = [sqsRecord(usageMessage('/late', 'c1', COLLECTED, 2, 1), '/late')];

    const result = await f.scaler().run(records, AbortSignal.abort());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
  });
});
