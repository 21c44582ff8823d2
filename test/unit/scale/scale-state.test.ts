import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import { stateKey } from '#shared/scale/index.ts';
import { marathonApp, sqsRecord, usageMessage } from '#test/helpers/scale-harness.ts';
import { COLLECTED, useScaleFixture } from './scaler-fixture.ts';

const BUCKET = 'scale-state-paths';
const f = useScaleFixture(BUCKET);

describe('scale function state', () => {
  it('rolls a retried app back to its previous state, so the retry decides from the same history', async () => {
    f.marathon.apps.set('/again', marathonApp('/again', 2, { 'autopilot.targetCpu': '50' }));
    await f.scaler().run([sqsRecord(usageMessage('/again', 'c1', COLLECTED, 2, 0.5), '/again')]);
    f.marathon.putScript.push({ status: 503, body: '{"message":"leader unavailable"}' });
    const hot = sqsRecord(usageMessage('/again', 'c2', '2026-11-25T20:00:01.000Z', 2, 1), '/again');

    const failed = await f.scaler().run([hot]);
    const retried = await f.scaler().run([hot]);

    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: hot.messageId }]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(f.marathon.puts).toEqual([{ id: '/again', body: { instances: 4 } }]);
  });

  it('retries when the state cannot be written before acting, and does not act', async () => {
    f.marathon.apps.set('/nostate', marathonApp('/nostate', 2, { 'autopilot.targetCpu': '50' }));
    f.failPuts = { skip: 0, fail: 1 };
    const record = sqsRecord(usageMessage('/nostate', 'c1', COLLECTED, 2, 1), '/nostate');

    const result = await f.scaler().run([record]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(f.marathon.puts).toEqual([]);
    expect(f.withMessage(SCALE_LOG.failed)[0]).toMatchObject({ code: 'SlowDown', retry: true });
  });

  it('keeps a scaling that happened when only the deployment id could not be recorded', async () => {
    f.marathon.apps.set('/half', marathonApp('/half', 2, { 'autopilot.targetCpu': '50' }));
    f.failPuts = { skip: 1, fail: 1 };

    const result = await f.scaler().run([sqsRecord(usageMessage('/half', 'c1', COLLECTED, 2, 1), '/half')]);

    expect(result.batchItemFailures).toEqual([]);
    expect(f.marathon.puts).toHaveLength(1);
    expect(f.withMessage(SCALE_LOG.stateNotSaved)[0]).toMatchObject({
      appId: '/half',
      deploymentId: expect.stringMatching(/^deployment-/),
    });
  });

  it('logs when a rollback cannot be written (the retry is then skipped as a duplicate)', async () => {
    f.marathon.apps.set('/stuck', marathonApp('/stuck', 2, { 'autopilot.targetCpu': '50' }));
    f.marathon.putScript.push({ status: 409, body: '{"message":"locked"}' });
    f.failPuts = { skip: 1, fail: 1 };

    const result = await f.scaler().run([sqsRecord(usageMessage('/stuck', 'c1', COLLECTED, 2, 1), '/stuck')]);

    expect(result.batchItemFailures).toHaveLength(1);
    expect(f.withMessage(SCALE_LOG.stateNotSaved)).toHaveLength(1);
  });

  it('starts afresh, with a warning, when the stored state is unreadable', async () => {
    f.marathon.apps.set('/corrupt', marathonApp('/corrupt', 2, {}));
    await f.bucket.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: stateKey('/corrupt'), Body: '{' }));

    await f.scaler().run([sqsRecord(usageMessage('/corrupt', 'c1', COLLECTED, 2, 0.8), '/corrupt')]);

    expect(f.withMessage(SCALE_LOG.stateReset)[0]).toMatchObject({ appId: '/corrupt', problems: ['not JSON'] });
    expect(f.decisions()).toHaveLength(1);
  });

  it('drops a message older than the last one processed for the app', async () => {
    f.marathon.apps.set('/order', marathonApp('/order', 2, {}));
    await f.scaler().run([sqsRecord(usageMessage('/order', 'c2', COLLECTED, 2, 0.8), '/order')]);

    await f.scaler().run([sqsRecord(usageMessage('/order', 'c1', '2026-11-25T19:59:00.000Z', 2, 0.8), '/order')]);

    expect(f.withMessage(SCALE_LOG.dropped)).toEqual([
      expect.objectContaining({ cycleId: 'c1', reason: 'superseded' }),
    ]);
  });
});
