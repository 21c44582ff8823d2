import { SCALE_LOG } from '../logging/scale-log.ts';
import { errorCode, isRetryable } from './errors.ts';
import {
  giveUp,
  type Outcome,
  processRecord,
  type ScaleDeps,
  type ScaleOptions,
  type SqsRecord,
} from './process-message.ts';

interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

/** Runs one record, turning a thrown error into retry (batch item failure) or give-up (DLQ, acknowledged). */
async function settle(record: SqsRecord, deps: ScaleDeps, options: ScaleOptions, signal?: AbortSignal) {
  try {
    return await processRecord(record, deps, options, signal);
  } catch (error) {
    const retry = isRetryable(error, signal);
    const fields = { messageId: record.messageId, code: errorCode(error), retry, error };
    if (retry) {
      deps.logger.warn(SCALE_LOG.failed, fields);
      return 'retry' satisfies Outcome;
    }
    deps.logger.error(SCALE_LOG.failed, fields);
    return giveUp(record, `${errorCode(error)}: ${(error as Error).message}`, deps, signal);
  }
}

/**
 * Processes an SQS batch in order. A record that must be retried also holds back the later records of its
 * message group (FIFO: one app's messages apply in order), and once the deadline fires every remaining record
 * is handed back. Only records that should be retried are reported.
 */
async function scaleBatch(
  records: readonly SqsRecord[],
  deps: ScaleDeps,
  options: ScaleOptions,
  signal?: AbortSignal,
): Promise<BatchResult> {
  const failures: { itemIdentifier: string }[] = [];
  const heldGroups = new Set<string>();
  for (const record of records) {
    const group = record.attributes.MessageGroupId ?? record.messageId;
    const outcome = heldGroups.has(group) || signal?.aborted ? 'retry' : await settle(record, deps, options, signal);
    if (outcome === 'retry') {
      failures.push({ itemIdentifier: record.messageId });
      heldGroups.add(group);
    }
  }
  return { batchItemFailures: failures };
}

export type { BatchResult };
export { scaleBatch };
