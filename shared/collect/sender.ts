import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { AppUsageMessage } from '../usage/schemas.ts';
import { encodeUsageMessage, fifoId, planBatches } from './message-size.ts';
import { mapPool } from './pool.ts';

/**
 * Sends usage messages to the FIFO queue with SendMessageBatch: group id = app id, deduplication id =
 * app id + cycle id (so a retried invocation of the same cycle is dropped by SQS), entries that fail in a partial
 * batch failure retried a bounded number of times.
 */

interface UsageSenderOptions {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** Attempts per entry (first send included). **Default:** 3 */
  maxAttempts?: number;
  /** Wait before a retry; doubles per attempt. **Default:** 100 */
  retryDelayMs?: number;
  /**
   * SendMessageBatch requests in flight at once. Safe for FIFO order: a cycle has one message per group.
   * **Default:** 4
   */
  concurrency?: number;
}

interface SendFailure {
  appId: string;
  code: string;
  reason: string;
}

interface SendReport {
  sent: number;
  failed: SendFailure[];
  /** SendMessageBatch requests made, retries included. */
  requests: number;
}

interface Entry {
  id: string;
  appId: string;
  body: string;
  groupId: string;
  dedupId: string;
}

function toEntries(messages: readonly AppUsageMessage[]): Entry[] {
  return messages.map((message, index) => ({
    id: `m${index}`,
    appId: message.appId,
    body: encodeUsageMessage(message),
    groupId: fifoId(message.appId),
    dedupId: fifoId(`${message.appId}:${message.cycleId}`),
  }));
}

const toRequestEntry = (entry: Entry): SendMessageBatchRequestEntry => ({
  Id: entry.id,
  MessageBody: entry.body,
  MessageGroupId: entry.groupId,
  MessageDeduplicationId: entry.dedupId,
});

class UsageSender {
  readonly #options: Required<UsageSenderOptions>;

  constructor(options: UsageSenderOptions) {
    this.#options = { maxAttempts: 3, retryDelayMs: 100, concurrency: 4, ...options };
  }

  /** Sends every message; never throws for SQS trouble, reports it per app instead. */
  async send(messages: readonly AppUsageMessage[]): Promise<SendReport> {
    const report: SendReport = { sent: 0, failed: [], requests: 0 };
    await mapPool(planBatches(toEntries(messages)), this.#options.concurrency, (batch) =>
      this.#sendBatch(batch, report),
    );
    return report;
  }

  async #sendBatch(batch: Entry[], report: SendReport): Promise<void> {
    let pending = batch;
    let lastErrors = new Map<string, { code: string; reason: string }>();
    for (let attempt = 1; pending.length > 0 && attempt <= this.#options.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(this.#options.retryDelayMs * 2 ** (attempt - 2));
      report.requests++;
      const byId = new Map(pending.map((entry) => [entry.id, entry]));
      const retry: Entry[] = [];
      lastErrors = new Map();
      try {
        const output = await this.#options.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: this.#options.queueUrl, Entries: pending.map(toRequestEntry) }),
        );
        report.sent += output.Successful?.length ?? 0;
        for (const failure of output.Failed ?? []) {
          const entry = byId.get(failure.Id ?? '');
          if (entry === undefined) continue;
          const problem = { code: failure.Code ?? 'Unknown', reason: failure.Message ?? 'no message' };
          // SenderFault: the entry itself is wrong (too big, bad id); sending it again cannot help.
          if (failure.SenderFault) report.failed.push({ appId: entry.appId, ...problem });
          else {
            retry.push(entry);
            lastErrors.set(entry.id, problem);
          }
        }
      } catch (error) {
        // The SDK has already retried transport errors; try the whole batch again within our bound.
        const code = (error as { name?: string }).name ?? 'Error';
        const reason = error instanceof Error ? error.message : String(error);
        for (const entry of pending) lastErrors.set(entry.id, { code, reason });
        retry.push(...pending);
      }
      pending = retry;
    }
    for (const entry of pending) {
      const problem = lastErrors.get(entry.id) ?? { code: 'Unknown', reason: 'not sent' };
      report.failed.push({ appId: entry.appId, ...problem });
    }
  }
}

export type { SendFailure, SendReport, UsageSenderOptions };
export { toEntries, UsageSender };
