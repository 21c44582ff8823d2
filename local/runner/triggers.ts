import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { type LocalAws, localSqsClient } from '#local/aws/index.ts';
import { type S3rverRecord, s3Event, scheduledEvent, sqsEvent } from './events.ts';
import type { InvocationRecord } from './function-host.ts';

type Invoke = (event: unknown, trigger: InvocationRecord['trigger']) => Promise<InvocationRecord>;

/**
 * The three event sources, as AWS wires them in serverless.yml:
 * - S3 notification: every ObjectCreated event under the trigger prefix with the trigger suffix -> deploy (async,
 *   one record per event; no retries locally).
 * - Schedule: EventBridge "Scheduled Event" -> collect every interval (a tick is skipped while one still runs).
 * - SQS event source mapping: long-polls the FIFO queue, invokes scale with the batch, deletes the records not in
 *   `batchItemFailures`; failed ones become visible again after the queue's visibility timeout and fauxqs's redrive
 *   moves them to the DLQ after maxReceiveCount receives. A thrown error or timeout fails the whole batch, and so
 *   does a response naming an unknown messageId (as Lambda does).
 */
function startS3Trigger(stack: LocalAws, invoke: Invoke): () => void {
  const { prefix, suffix } = stack.model.trigger;
  const listener = (notification: { Records: S3rverRecord[] }) => {
    for (const record of notification.Records) {
      const key = record.s3.object.key;
      if (!record.eventName.startsWith('ObjectCreated:') || record.s3.bucket.name !== stack.bucket) continue;
      if (!key.startsWith(prefix) || !key.endsWith(suffix)) continue;
      void invoke(s3Event(record, stack.region), 's3');
    }
  };
  stack.s3rver.on('event', listener);
  return () => stack.s3rver.off('event', listener);
}

function startSchedule(stack: LocalAws, intervalMs: number, invoke: Invoke): () => void {
  const ruleName = `${stack.model.functions.collect.functionName}-rule-1`;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    invoke(scheduledEvent(ruleName, stack.region), 'schedule').finally(() => {
      running = false;
    });
  }, intervalMs);
  return () => clearInterval(timer);
}

function failedIds(record: InvocationRecord, batch: readonly Message[]): Set<string> | 'all' {
  if (record.error) return 'all';
  const failures = (record.result as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const known = new Set(batch.map((message) => message.MessageId));
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !known.has(id)) return 'all';
    ids.add(id);
  }
  return ids;
}

interface SqsPollerOptions {
  batchSize: number;
  /** Long-poll wait per ReceiveMessage; short so stop() returns quickly. */
  waitTimeSeconds: number;
}

function startSqsPoller(stack: LocalAws, options: SqsPollerOptions, invoke: Invoke): () => Promise<void> {
  const client = localSqsClient(stack);
  const queue = stack.statsQueue;
  const abort = new AbortController();

  const pollOnce = async (): Promise<void> => {
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: options.batchSize,
        WaitTimeSeconds: options.waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    const batch = received.Messages ?? [];
    if (batch.length === 0) return;
    const record = await invoke(sqsEvent(batch, queue.arn, stack.region), 'sqs');
    const failed = failedIds(record, batch);
    if (failed === 'all') return;
    const done = batch.filter((message) => !failed.has(message.MessageId ?? ''));
    if (done.length === 0) return;
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
  };

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await pollOnce();
      } catch (error) {
        if (abort.signal.aborted) break;
        console.error('[runner] sqs poll failed:', (error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();

  return async () => {
    abort.abort();
    await loop;
    client.destroy();
  };
}

export type { Invoke, SqsPollerOptions };
export { startS3Trigger, startSchedule, startSqsPoller };
