import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import type { SqsRecord } from '#shared/scale/index.ts';
import { marathonApp, sqsRecord, usageMessage } from '#test/helpers/scale-harness.ts';
import { COLLECTED, useScaleFixture } from '#test/unit/scale/scaler-fixture.ts';
import { count, guarded, reportCounts } from './tally.ts';

/**
 * Bad SQS input to the scale function (real s3rver state, fauxqs DLQ, loopback Marathon): every malformed body
 * is forwarded to the DLQ with a reason that names the problem, never scales anything, and never holds back a
 * good message of another app in the same batch. The happy path, 409/5xx/422 and the deadline are proven in
 * test/unit/scale/scale-batch.test.ts; this file is about what the queue can carry.
 */

reportCounts();
const f = useScaleFixture('reliability-scale');

/** A message that scales a fresh app (its own state, so no cooldown from an earlier batch) from 2 to 4. */
function goodRecord(appId: string): SqsRecord {
  f.marathon.apps.set(appId, marathonApp(appId, 2, { 'autopilot.targetCpu': '50' }));
  return sqsRecord(usageMessage(appId, 'c1', COLLECTED, 2, 1), appId);
}

/**
 * Runs one batch of `[poison..., good]`; asserts the good one was applied exactly once and every poison record
 * reached the DLQ with its reason, and returns those reasons by message id.
 */
async function runPoisonBatch(poison: SqsRecord[], name: string): Promise<Map<string, string>> {
  const GOOD = `/good-${name}`;
  const good = goodRecord(GOOD);
  const result = await guarded('inputs', () => f.scaler().run([...poison, good]));
  count('inputs', poison.length - 1);
  const dead = await f.dlq.drain();
  const putsForPoison = f.marathon.puts.filter((put) => put.id !== GOOD).length;
  const goodPuts = f.marathon.puts.filter((put) => put.id === GOOD).length;
  count('wrongScaleActions', putsForPoison + Math.max(0, goodPuts - 1));
  const returned = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
  const lost = poison.filter(
    (record) => !returned.has(record.messageId) && !dead.some((d) => d.attributes.sourceMessageId === record.messageId),
  );
  count('lostUploads', lost.length);
  expect(putsForPoison).toBe(0);
  expect(goodPuts).toBe(1);
  expect(lost).toEqual([]);
  expect(returned.has(good.messageId)).toBe(false);
  f.marathon.puts.length = 0;
  return new Map(dead.map((d) => [d.attributes.sourceMessageId ?? '', d.attributes.reason ?? '']));
}

const valid = () => usageMessage('/broken', 'c1', COLLECTED, 1, 0.5) as unknown as Record<string, unknown>;

describe('scale: messages that are not usage messages', () => {
  it('sends bodies that are not JSON, base64 text, or JSON of the wrong kind to the DLQ, naming the problem', async () => {
    const cases: Array<[string, RegExp]> = [
      ['hello', /body is not JSON/],
      ['{"version": 1, "appId": "/a"', /body is not JSON/],
      ['', /body is not JSON/],
      [Buffer.from(JSON.stringify(valid())).toString('base64'), /body is not JSON/],
      ['null', /\(root\)/],
      ['42', /\(root\)/],
      ['[]', /\(root\)/],
      ['"a string"', /\(root\)/],
    ];
    const records = cases.map(([body]) => sqsRecord(body, `/poison-${Math.random()}`));

    const reasons = await runPoisonBatch(records, 'bodies');

    cases.forEach(([, pattern], index) => {
      const reason = reasons.get(records[index]?.messageId ?? '');
      expect(reason).toMatch(/^malformed usage message: /);
      expect(reason).toMatch(pattern);
    });
  });

  it('names the broken field when one field of a valid message is missing or of the wrong type', async () => {
    const message = valid();
    const broken = Object.keys(message).flatMap((field) => [
      [field, { ...message, [field]: undefined }],
      [field, { ...message, [field]: field === 'cycleId' || field === 'appId' ? 7 : 'seven' }],
    ]) as Array<[string, Record<string, unknown>]>;
    broken.push(['tasks', { ...message, tasks: [{ id: 't', agentId: 'A', cpu: -1, mem: 0, intervalS: 1 }] }]);
    broken.push(['appId', { ...message, appId: 'no-leading-slash' }]);
    const records = broken.map(([, body]) => sqsRecord(body, '/broken'));

    const reasons = await runPoisonBatch(records, 'fields');

    broken.forEach(([field], index) => {
      expect(reasons.get(records[index]?.messageId ?? '')).toContain(`${field}`);
    });
  });

  it('never scales, throws or loses a message for any random JSON or text body', async () => {
    const bodies = fc.sample(
      fc.oneof(
        fc.string(),
        fc.jsonValue().map((value) => JSON.stringify(value)),
        fc.record({ version: fc.constant(1), appId: fc.string(), tasks: fc.anything() }).map((v) => JSON.stringify(v)),
      ),
      { numRuns: 60, seed: 10 },
    );
    const records = bodies.map((body, index) => sqsRecord(body, `/random-${index}`));

    const reasons = await runPoisonBatch(records, 'random');

    expect(reasons.size).toBe(records.length);
  });

  it('forwards a huge malformed body, or hands it back for the redrive when the DLQ refuses it, never dropping it', async () => {
    const huge = sqsRecord(`{"version":1,"appId":"/huge","pad":"${'x'.repeat(1024 * 1024)}"`, '/huge');
    const big = sqsRecord(JSON.stringify({ ...valid(), appId: 'bad', pad: 'y'.repeat(200_000) }), '/big');

    const reasons = await runPoisonBatch([huge, big], 'huge');

    expect(reasons.get(big.messageId)).toMatch(/appId/);
    if (!reasons.has(huge.messageId)) {
      expect(f.withMessage(SCALE_LOG.poison)).toContainEqual(
        expect.objectContaining({ messageId: huge.messageId, forwarded: false }),
      );
    }
  });
});

describe('scale: messages redriven from the DLQ', () => {
  /** What a message moved back from the DLQ looks like: the source ARN, a high receive count, our attributes. */
  function redriven(body: unknown, group: string): SqsRecord {
    const record = sqsRecord(body, group);
    return {
      ...record,
      attributes: {
        ...record.attributes,
        ApproximateReceiveCount: '6',
        DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:stats.fifo',
      },
      messageAttributes: {
        reason: { stringValue: 'MARATHON_DEPLOYMENT_LOCKED: app is locked', dataType: 'String' },
        forwardedBy: { stringValue: 'scale', dataType: 'String' },
      },
    } as SqsRecord;
  }

  it('drops a redriven message that has gone stale instead of scaling on old figures', async () => {
    f.marathon.apps.set('/old', marathonApp('/old', 2, { 'autopilot.targetCpu': '50' }));
    const stale = usageMessage('/old', 'old-1', '2026-11-25T19:00:00.000Z', 2, 1);

    const result = await guarded('inputs', () => f.scaler().run([redriven(stale, '/old')]));

    expect(result.batchItemFailures).toEqual([]);
    expect(f.marathon.puts).toEqual([]);
    expect(f.withMessage(SCALE_LOG.dropped)).toContainEqual(expect.objectContaining({ reason: 'stale' }));
  });

  it('applies a fresh redriven message once, and skips it when redriven again', async () => {
    f.marathon.apps.set('/back', marathonApp('/back', 2, { 'autopilot.targetCpu': '50' }));
    const body = usageMessage('/back', 'back-1', COLLECTED, 2, 1);

    await guarded('inputs', () => f.scaler().run([redriven(body, '/back')]));
    await guarded('faults', () => f.scaler().run([redriven(body, '/back')]));

    count('wrongScaleActions', Math.max(0, f.marathon.puts.length - 1));
    expect(f.marathon.puts).toEqual([{ id: '/back', body: { instances: 4 } }]);
  });

  it('sends a redriven poison message back to the DLQ with a fresh reason', async () => {
    const reasons = await runPoisonBatch([redriven('not json', '/poison-again')], 'again');

    expect([...reasons.values()]).toEqual([expect.stringContaining('body is not JSON')]);
  });
});
