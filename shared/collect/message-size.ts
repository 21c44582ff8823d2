import { createHash } from 'node:crypto';
import type { AppUsageMessage, TaskUsage, UsageSummary } from '../usage/schemas.ts';
import { round4 } from './utilisation.ts';

/**
 * Pure: SQS limits. One message and one SendMessageBatch request may each carry at most 1 MiB (SQS since 2025;
 * fauxqs enforces the same). A task costs ~180 bytes with full-length ids, so ~5,800 tasks fit one message; beyond that the message
 * keeps an evenly spread subset of tasks plus the exact `summary` of all of them, and says how many it omitted.
 */
const SQS_MAX_MESSAGE_BYTES = 1_048_576;
const SQS_MAX_BATCH_BYTES = 1_048_576;
const SQS_MAX_BATCH_ENTRIES = 10;
const SQS_MAX_FIFO_ID_LENGTH = 128;

function meanAndMax(values: readonly number[]): { mean: number | null; max: number | null } {
  if (values.length === 0) return { mean: null, max: null };
  let sum = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    sum += value;
    if (value > max) max = value;
  }
  return { mean: round4(sum / values.length), max };
}

/** Exact aggregates over every measured task; the scale function can decide from these alone. */
function summarise(tasks: readonly TaskUsage[]): UsageSummary {
  const cpu = meanAndMax(tasks.flatMap((task) => (task.cpu === null ? [] : [task.cpu])));
  const mem = meanAndMax(tasks.flatMap((task) => (task.mem === null ? [] : [task.mem])));
  return {
    cpuTasks: tasks.filter((task) => task.cpu !== null).length,
    cpuMean: cpu.mean,
    cpuMax: cpu.max,
    memTasks: tasks.filter((task) => task.mem !== null).length,
    memMean: mem.mean,
    memMax: mem.max,
  };
}

/** `count` tasks spread evenly over the (id-sorted) list, so the kept subset is not biased to one agent. */
function spread(tasks: readonly TaskUsage[], count: number): TaskUsage[] {
  if (count >= tasks.length) return [...tasks];
  const sorted = [...tasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept: TaskUsage[] = [];
  for (let i = 0; i < count; i++) kept.push(sorted[Math.floor((i * sorted.length) / count)] as TaskUsage);
  return kept;
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * The message body as sent: `summary` added, and tasks trimmed (with `tasksOmitted`) only when the whole
 * list would not fit `maxBytes`.
 */
function encodeUsageMessage(message: AppUsageMessage, maxBytes = SQS_MAX_MESSAGE_BYTES): string {
  const full: AppUsageMessage = { ...message, summary: summarise(message.tasks) };
  const body = JSON.stringify(full);
  if (byteLength(body) <= maxBytes) return body;
  const head = byteLength(JSON.stringify({ ...full, tasks: [], tasksOmitted: message.tasks.length }));
  const average = (byteLength(JSON.stringify(message.tasks)) - 2) / message.tasks.length;
  let count = Math.max(0, Math.floor((maxBytes - head) / (average + 1)));
  for (;;) {
    const kept = spread(message.tasks, count);
    const trimmed = JSON.stringify({ ...full, tasks: kept, tasksOmitted: message.tasks.length - kept.length });
    if (byteLength(trimmed) <= maxBytes || count === 0) return trimmed;
    count = Math.floor(count * 0.98);
  }
}

/** Groups bodies into SendMessageBatch requests: ≤ 10 entries and ≤ `maxBatchBytes` each, order kept. */
function planBatches<T extends { body: string }>(entries: readonly T[], maxBatchBytes = SQS_MAX_BATCH_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const entry of entries) {
    const bytes = byteLength(entry.body);
    if (current.length > 0 && (current.length === SQS_MAX_BATCH_ENTRIES || size + bytes > maxBatchBytes)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * A FIFO group or deduplication id: SQS allows ≤ 128 printable ASCII characters (`!`..`~`). Others become `_`;
 * a longer id keeps its start and gets a hash of the whole so two long ids never collide.
 */
function fifoId(text: string): string {
  const safe = text.replace(/[^!-~]/g, '_');
  if (safe.length <= SQS_MAX_FIFO_ID_LENGTH) return safe;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return `${safe.slice(0, SQS_MAX_FIFO_ID_LENGTH - hash.length - 1)}-${hash}`;
}

export {
  encodeUsageMessage,
  fifoId,
  planBatches,
  SQS_MAX_BATCH_BYTES,
  SQS_MAX_BATCH_ENTRIES,
  SQS_MAX_FIFO_ID_LENGTH,
  SQS_MAX_MESSAGE_BYTES,
  summarise,
};
