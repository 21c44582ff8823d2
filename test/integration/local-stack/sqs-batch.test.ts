import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#local/aws/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { statsQueueSender } from '#test/helpers/stats-queue.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'handlers', 'fail-marked-records.ts');

let dataDir: string;
let stack: LocalAws;
let runner: LocalRunner | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'autopilot-local-sqs-'));
  // Same queues as serverless.yml, with a 1 s visibility timeout and 2 receives so redrive happens in seconds.
  stack = await startLocalAws({ dataDir, params: { statsVisibilityTimeoutS: 1, statsMaxReceiveCount: 2 } });
});

afterEach(async () => {
  await runner?.stop();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function recordsSeen(): SQSRecord[] {
  return (runner as LocalRunner).invocations.flatMap((invocation) => (invocation.event as SQSEvent).Records);
}

describe('local SQS event source', () => {
  it('deletes the accepted message and lets the reported failure reach the DLQ after the receive limit', async () => {
    const statsQueue = statsQueueSender(stack);
    for (const [group, body] of [
      ['/ok', { fail: false, n: 1 }],
      ['/bad', { fail: true, n: 2 }],
    ] as const) {
      await statsQueue.send(JSON.stringify(body), group, `${group}:cycle-1`);
    }
    statsQueue.destroy();

    runner = await startLocalRunner({
      stack,
      dataDir,
      functions: { scale: { modulePath: FIXTURE } },
      triggers: { s3: false, schedule: false, sqs: { waitTimeSeconds: 1 } },
    });
    await until(() => (stack.fauxqs.inspectQueue(stack.deadLetterQueue.name)?.messages.ready.length ?? 0) > 0, 15_000);

    const dead = stack.fauxqs.inspectQueue(stack.deadLetterQueue.name)?.messages.ready ?? [];
    expect(dead.map((message) => JSON.parse(message.body))).toEqual([{ fail: true, n: 2 }]);
    const main = stack.fauxqs.inspectQueue(stack.statsQueue.name)?.messages;
    expect([...(main?.ready ?? []), ...(main?.inflight ?? []), ...(main?.delayed ?? [])]).toEqual([]);

    const seen = recordsSeen();
    const okRecords = seen.filter((record) => record.attributes.MessageGroupId === '/ok');
    const badRecords = seen.filter((record) => record.attributes.MessageGroupId === '/bad');
    expect(okRecords).toHaveLength(1);
    expect(badRecords.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(okRecords[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: stack.statsQueue.arn,
      awsRegion: stack.region,
      body: JSON.stringify({ fail: false, n: 1 }),
      attributes: { MessageDeduplicationId: '/ok:cycle-1', ApproximateReceiveCount: '1' },
    });
    expect(okRecords[0]?.attributes.SequenceNumber).toMatch(/^\d+$/);
    expect(okRecords[0]?.receiptHandle).not.toBe('');
  });

  it('returns the whole batch to the queue when the handler throws', async () => {
    const statsQueue = statsQueueSender(stack);
    await statsQueue.send('not json', '/broken', '/broken:1');
    statsQueue.destroy();

    runner = await startLocalRunner({
      stack,
      dataDir,
      functions: { scale: { modulePath: FIXTURE } },
      triggers: { s3: false, schedule: false, sqs: { waitTimeSeconds: 1 } },
    });
    await until(() => (stack.fauxqs.inspectQueue(stack.deadLetterQueue.name)?.messages.ready.length ?? 0) > 0, 15_000);

    expect((runner as LocalRunner).invocations.map((invocation) => invocation.error?.name)).toEqual([
      'SyntaxError',
      'SyntaxError',
    ]);
    expect(stack.fauxqs.inspectQueue(stack.deadLetterQueue.name)?.messages.ready.map((m) => m.body)).toEqual([
      'not json',
    ]);
  });
});
