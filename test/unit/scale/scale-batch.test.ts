import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import { SCALE_DECISION_FIELDS, SCALE_LOG } from '#shared/logging/scale-log.ts';
import { createScaler, type Scaler, stateKey } from '#shared/scale/index.ts';
import {
  marathonApp,
  sqsRecord,
  startDeadLetterQueue,
  startScaleFakeMarathon,
  startStateBucket,
  usageMessage,
} from '#test/helpers/scale-harness.ts';

const BUCKET = 'scale-state';
const NOW = Date.parse('2026-11-25T20:00:05.000Z');
const COLLECTED = '2026-11-25T20:00:00.000Z';

let bucket: Awaited<ReturnType<typeof startStateBucket>>;
let dlq: Awaited<ReturnType<typeof startDeadLetterQueue>>;
let marathon: Awaited<ReturnType<typeof startScaleFakeMarathon>>;
let lines: Record<string, unknown>[];
/** Makes the next state writes fail (counted down per PutObject), to reach the state-failure paths. */
let failPuts = { skip: 0, fail: 0 };
let metrics: Record<string, unknown>[];

function scaler(env: Record<string, string | undefined> = {}): Scaler {
  const config = loadConfig({
    BUNDLE_BUCKET: BUCKET,
    STATS_QUEUE_URL: 'http://127.0.0.1:1/000000000000/stats.fifo',
    STATS_DLQ_URL: dlq.queueUrl,
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: 'http://127.0.0.1:1',
    ...env,
  });
  const logger = new Logger({ service: 'test', level: 'debug', sink: (line) => lines.push(JSON.parse(line)) });
  const s3 = {
    send: (command: { constructor: { name: string } }, options?: object) => {
      if (command.constructor.name === 'PutObjectCommand') {
        if (failPuts.skip > 0) failPuts.skip -= 1;
        else if (failPuts.fail > 0) {
          failPuts.fail -= 1;
          return Promise.reject(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
        }
      }
      return bucket.s3.send(command as never, options);
    },
  };
  return createScaler(config, {
    s3,
    sqs: dlq.sqs,
    logger,
    metricsSink: (line) => metrics.push(JSON.parse(line)),
    clock: () => NOW,
  });
}

const decisions = () => lines.filter((line) => line.message === SCALE_LOG.decision);
const withMessage = (message: string) => lines.filter((line) => line.message === message);

beforeAll(async () => {
  [bucket, dlq, marathon] = await Promise.all([
    startStateBucket(BUCKET),
    startDeadLetterQueue(),
    startScaleFakeMarathon(),
  ]);
});

afterAll(async () => {
  await Promise.all([bucket.close(), dlq.close(), marathon.close()]);
});

beforeEach(async () => {
  lines = [];
  metrics = [];
  failPuts = { skip: 0, fail: 0 };
  marathon.puts.length = 0;
  marathon.getScript.length = 0;
  marathon.putScript.length = 0;
  await dlq.drain();
});

describe('scale function', () => {
  it('scales a loaded app up and logs one decision line with the stable shape', async () => {
    marathon.apps.set('/hot', marathonApp('/hot', 2, { 'autopilot.targetCpu': '50' }));
    const record = sqsRecord(usageMessage('/hot', 'c1', COLLECTED, 2, 1), '/hot');

    const result = await scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    expect(marathon.puts).toEqual([{ id: '/hot', body: { instances: 4 } }]);
    const [line] = decisions();
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
    expect(metrics).toEqual([
      expect.objectContaining({ AppId: '/hot', DesiredInstances: 4, CurrentInstances: 2, CpuUtilisation: 100 }),
    ]);
  });

  it('applies the same message delivered twice only once', async () => {
    marathon.apps.set('/twice', marathonApp('/twice', 2, { 'autopilot.targetCpu': '50' }));
    const body = usageMessage('/twice', 'c1', COLLECTED, 2, 1);

    await scaler().run([sqsRecord(body, '/twice')]);
    marathon.apps.set('/twice', marathonApp('/twice', 2, { 'autopilot.targetCpu': '50' }));
    const again = await scaler().run([sqsRecord(body, '/twice')]);

    expect(again.batchItemFailures).toEqual([]);
    expect(marathon.puts).toHaveLength(1);
    expect(withMessage(SCALE_LOG.dropped)).toEqual([expect.objectContaining({ appId: '/twice', reason: 'duplicate' })]);
  });

  it('logs a "no change" decision and keeps the policy state', async () => {
    marathon.apps.set('/calm', marathonApp('/calm', 3, {}));

    await scaler().run([sqsRecord(usageMessage('/calm', 'c1', COLLECTED, 3, 0.8), '/calm')]);

    expect(marathon.puts).toEqual([]);
    expect(decisions()).toEqual([
      expect.objectContaining({ appId: '/calm', action: 'none', reason: 'within-tolerance', deploymentId: null }),
    ]);
    const stored = await bucket.s3.send(
      new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: BUCKET, Key: stateKey('/calm') }),
    );
    expect(JSON.parse((await stored.Body?.transformToString()) ?? '')).toMatchObject({ lastCycleId: 'c1' });
  });

  it('retries a 409 and holds back the later messages of the same app, but not other apps', async () => {
    marathon.apps.set('/locked', marathonApp('/locked', 2, { 'autopilot.targetCpu': '50' }));
    marathon.apps.set('/other', marathonApp('/other', 2, { 'autopilot.targetCpu': '50' }));
    marathon.putScript.push({ status: 409, body: JSON.stringify({ message: 'locked', deployments: [{ id: 'd-9' }] }) });
    const first = sqsRecord(usageMessage('/locked', 'c1', COLLECTED, 2, 1), '/locked');
    const other = sqsRecord(usageMessage('/other', 'c1', COLLECTED, 2, 1), '/other');
    const second = sqsRecord(usageMessage('/locked', 'c2', '2026-11-25T20:00:02.000Z', 2, 1), '/locked');

    const result = await scaler().run([first, other, second]);
    const retried = await scaler().run([first]);

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: first.messageId },
      { itemIdentifier: second.messageId },
    ]);
    expect(withMessage(SCALE_LOG.failed)[0]).toMatchObject({ appId: '/locked', code: 'MARATHON_LOCKED', retry: true });
    expect(decisions()[0]).toMatchObject({ appId: '/locked', applyError: 'MARATHON_LOCKED', deploymentId: null });
    // The rollback lets the redelivered message decide and apply.
    expect(retried.batchItemFailures).toEqual([]);
    expect(marathon.puts.map((put) => put.id)).toEqual(['/other', '/locked']);
  });

  it('rolls a retried app back to its previous state, so the retry decides from the same history', async () => {
    marathon.apps.set('/again', marathonApp('/again', 2, { 'autopilot.targetCpu': '50' }));
    await scaler().run([sqsRecord(usageMessage('/again', 'c1', COLLECTED, 2, 0.5), '/again')]);
    marathon.putScript.push({ status: 503, body: '{"message":"leader unavailable"}' });
    const hot = sqsRecord(usageMessage('/again', 'c2', '2026-11-25T20:00:01.000Z', 2, 1), '/again');

    const failed = await scaler().run([hot]);
    const retried = await scaler().run([hot]);

    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: hot.messageId }]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(marathon.puts).toEqual([{ id: '/again', body: { instances: 4 } }]);
  });

  it('retries when the state cannot be written before acting, and does not act', async () => {
    marathon.apps.set('/nostate', marathonApp('/nostate', 2, { 'autopilot.targetCpu': '50' }));
    failPuts = { skip: 0, fail: 1 };
    const record = sqsRecord(usageMessage('/nostate', 'c1', COLLECTED, 2, 1), '/nostate');

    const result = await scaler().run([record]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(marathon.puts).toEqual([]);
    expect(withMessage(SCALE_LOG.failed)[0]).toMatchObject({ code: 'SlowDown', retry: true });
  });

  it('keeps a scaling that happened when only the deployment id could not be recorded', async () => {
    marathon.apps.set('/half', marathonApp('/half', 2, { 'autopilot.targetCpu': '50' }));
    failPuts = { skip: 1, fail: 1 };

    const result = await scaler().run([sqsRecord(usageMessage('/half', 'c1', COLLECTED, 2, 1), '/half')]);

    expect(result.batchItemFailures).toEqual([]);
    expect(marathon.puts).toHaveLength(1);
    expect(withMessage(SCALE_LOG.stateNotSaved)[0]).toMatchObject({
      appId: '/half',
      deploymentId: expect.stringMatching(/^deployment-/),
    });
  });

  it('logs when a rollback cannot be written (the retry is then skipped as a duplicate)', async () => {
    marathon.apps.set('/stuck', marathonApp('/stuck', 2, { 'autopilot.targetCpu': '50' }));
    marathon.putScript.push({ status: 409, body: '{"message":"locked"}' });
    failPuts = { skip: 1, fail: 1 };

    const result = await scaler().run([sqsRecord(usageMessage('/stuck', 'c1', COLLECTED, 2, 1), '/stuck')]);

    expect(result.batchItemFailures).toHaveLength(1);
    expect(withMessage(SCALE_LOG.stateNotSaved)).toHaveLength(1);
  });

  it('starts afresh, with a warning, when the stored state is unreadable', async () => {
    marathon.apps.set('/corrupt', marathonApp('/corrupt', 2, {}));
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await bucket.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: stateKey('/corrupt'), Body: '{' }));

    await scaler().run([sqsRecord(usageMessage('/corrupt', 'c1', COLLECTED, 2, 0.8), '/corrupt')]);

    expect(withMessage(SCALE_LOG.stateReset)[0]).toMatchObject({ appId: '/corrupt', problems: ['not JSON'] });
    expect(decisions()).toHaveLength(1);
  });

  it('drops a message older than the last one processed for the app', async () => {
    marathon.apps.set('/order', marathonApp('/order', 2, {}));
    await scaler().run([sqsRecord(usageMessage('/order', 'c2', COLLECTED, 2, 0.8), '/order')]);

    await scaler().run([sqsRecord(usageMessage('/order', 'c1', '2026-11-25T19:59:00.000Z', 2, 0.8), '/order')]);

    expect(withMessage(SCALE_LOG.dropped)).toEqual([expect.objectContaining({ cycleId: 'c1', reason: 'superseded' })]);
  });

  it('retries a 5xx answer', async () => {
    marathon.apps.set('/flaky', marathonApp('/flaky', 2, { 'autopilot.targetCpu': '50' }));
    marathon.putScript.push({ status: 503, body: '{"message":"leader unavailable"}' });
    const record = sqsRecord(usageMessage('/flaky', 'c1', COLLECTED, 2, 1), '/flaky');

    const result = await scaler().run([record]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(withMessage(SCALE_LOG.failed)[0]).toMatchObject({ code: 'HTTP_STATUS', retry: true });
  });

  it('gives up on a 422 with an error log instead of retrying', async () => {
    marathon.apps.set('/rejected', marathonApp('/rejected', 2, { 'autopilot.targetCpu': '50' }));
    const details = [{ path: '/instances', errors: ['quota exceeded'] }];
    marathon.putScript.push({ status: 422, body: JSON.stringify({ message: 'Object is not valid', details }) });

    const result = await scaler().run([sqsRecord(usageMessage('/rejected', 'c1', COLLECTED, 2, 1), '/rejected')]);

    expect(result.batchItemFailures).toEqual([]);
    expect(withMessage(SCALE_LOG.failed)[0]).toMatchObject({
      level: 'error',
      code: 'MARATHON_INVALID_APP',
      retry: false,
    });
  });

  it('sends a message to the DLQ when Marathon answers HTML instead of its API', async () => {
    marathon.getScript.push({ status: 200, body: '<html>login</html>', contentType: 'text/html' });
    const record = sqsRecord(usageMessage('/html', 'c1', COLLECTED, 2, 1), '/html');

    const result = await scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    const [dead] = await dlq.drain();
    expect(dead?.attributes.reason).toMatch(/^HTTP_BAD_RESPONSE/);
    expect(dead?.attributes.sourceMessageId).toBe(record.messageId);
  });

  it('forwards a malformed message to the DLQ with the reason and acknowledges it', async () => {
    const record = sqsRecord({ version: 1, appId: 'no-slash' }, '/bad');

    const result = await scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    const [dead] = await dlq.drain();
    expect(dead?.body).toBe(record.body);
    expect(dead?.attributes.reason).toContain('malformed usage message');
    expect(dead?.attributes.reason).toContain('appId');
    expect(withMessage(SCALE_LOG.poison)).toEqual([expect.objectContaining({ forwarded: true, level: 'error' })]);
  });

  it('leaves a malformed message to SQS redrive when no DLQ is configured', async () => {
    const record = sqsRecord('not json', '/bad');

    const result = await scaler({ STATS_DLQ_URL: undefined }).run([record]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(withMessage(SCALE_LOG.poison)[0]).toMatchObject({ forwarded: false });
  });

  it('drops a stale message with its age', async () => {
    const record = sqsRecord(usageMessage('/old', 'c0', '2026-11-25T19:50:00.000Z', 2, 1), '/old');

    const result = await scaler().run([record]);

    expect(result.batchItemFailures).toEqual([]);
    expect(withMessage(SCALE_LOG.dropped)).toEqual([expect.objectContaining({ reason: 'stale', ageS: 605 })]);
  });

  it('leaves an app with invalid labels alone and says which label is wrong', async () => {
    marathon.apps.set('/typo', marathonApp('/typo', 2, { 'autopilot.targetCPU': '50' }));

    await scaler().run([sqsRecord(usageMessage('/typo', 'c1', COLLECTED, 2, 1), '/typo')]);

    expect(marathon.puts).toEqual([]);
    expect(withMessage(SCALE_LOG.invalidLabels)[0]).toMatchObject({
      appId: '/typo',
      problems: [expect.objectContaining({ label: 'autopilot.targetCPU' })],
    });
  });

  it('drops messages for apps that are gone or opted out', async () => {
    marathon.apps.set('/off', marathonApp('/off', 2, { 'autopilot.enabled': 'false' }));

    await scaler().run([
      sqsRecord(usageMessage('/gone', 'c1', COLLECTED, 2, 1), '/gone'),
      sqsRecord(usageMessage('/off', 'c1', COLLECTED, 2, 1), '/off'),
    ]);

    expect(withMessage(SCALE_LOG.dropped).map((line) => line.reason)).toEqual(['app-not-found', 'not-enabled']);
  });

  it('does not scale during a deployment and says so', async () => {
    marathon.apps.set('/deploying', marathonApp('/deploying', 2, {}, { deployments: [{ id: 'd-1' }] }));

    await scaler().run([sqsRecord(usageMessage('/deploying', 'c1', COLLECTED, 2, 1), '/deploying')]);

    expect(marathon.puts).toEqual([]);
    expect(decisions()[0]).toMatchObject({ action: 'none', blockedBy: 'deployment' });
  });

  it('only logs in dry-run mode', async () => {
    marathon.apps.set('/dry', marathonApp('/dry', 2, { 'autopilot.targetCpu': '50' }));

    await scaler({ DRY_RUN: 'true' }).run([sqsRecord(usageMessage('/dry', 'c1', COLLECTED, 2, 1), '/dry')]);

    expect(marathon.puts).toEqual([]);
    expect(decisions()[0]).toMatchObject({ action: 'none', desired: 4, blockedBy: 'dry-run', dryRun: true });
  });

  it('hands every record back once the deadline has passed', async () => {
    const records = [sqsRecord(usageMessage('/late', 'c1', COLLECTED, 2, 1), '/late')];

    const result = await scaler().run(records, AbortSignal.abort());

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
  });
});
