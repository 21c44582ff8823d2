import { describe, expect, it } from 'vitest';
import {
  encodeUsageMessage,
  fifoId,
  planBatches,
  SQS_MAX_BATCH_BYTES,
  SQS_MAX_MESSAGE_BYTES,
  summarise,
  toEntries,
} from '#shared/collect/index.ts';
import { type AppUsageMessage, AppUsageMessageSchema, type TaskUsage } from '#shared/usage/index.ts';

/** Realistic ids: Marathon ≥ 1.5 task ids and Mesos agent ids, full length. */
function tasks(count: number): TaskUsage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `team_payments-api.instance-${i.toString(16).padStart(8, '0')}-4f60-11e5-9031-56847afe9799._app.1`,
    agentId: `20151208-194534-16842879-5050-1219-S${i % 500}`,
    cpu: (i % 1000) / 999 + 0.00001234,
    mem: ((i * 7) % 1000) / 1000,
    intervalS: 60.12345,
  }));
}

function message(taskCount: number, appId = '/team/payments-api'): AppUsageMessage {
  return {
    version: 1,
    cycleId: '2026-11-25T20:00:00.000Z',
    appId,
    collectedAt: '2026-11-25T20:00:01.250Z',
    instances: taskCount,
    tasksRunning: taskCount,
    tasksMissing: 0,
    agentsFailed: [],
    tasks: tasks(taskCount).map((t) => ({ ...t, cpu: Math.round((t.cpu ?? 0) * 1e4) / 1e4 })),
  };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('encodeUsageMessage', () => {
  it('fits an app with 5000 tasks in one message with every task and a summary', () => {
    const body = encodeUsageMessage(message(5000));
    const parsed = AppUsageMessageSchema.parse(JSON.parse(body));

    expect(bytes(body)).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
    expect(parsed.tasks).toHaveLength(5000);
    expect(parsed.tasksOmitted).toBeUndefined();
    expect(parsed.summary?.cpuTasks).toBe(5000);
  });

  it('trims the task list of a larger app to fit, keeping exact aggregates of all tasks', () => {
    const original = message(20_000);

    const body = encodeUsageMessage(original);
    const parsed = AppUsageMessageSchema.parse(JSON.parse(body));

    expect(bytes(body)).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
    expect(parsed.tasks.length).toBeGreaterThan(5000);
    expect(parsed.tasks.length + (parsed.tasksOmitted ?? 0)).toBe(20_000);
    expect(parsed.summary).toEqual(summarise(original.tasks));
  });

  it('keeps an evenly spread subset when trimming, not just the first tasks', () => {
    const parsed = AppUsageMessageSchema.parse(JSON.parse(encodeUsageMessage(message(100), 6_000)));
    const kept = parsed.tasks.map((t) => Number.parseInt(t.id.slice(27, 35), 16));

    expect(parsed.tasksOmitted).toBeGreaterThan(0);
    expect(Math.min(...kept)).toBe(0);
    expect(Math.max(...kept)).toBeGreaterThan(80);
  });
});

describe('summarise', () => {
  it('averages and maxes the measured figures, leaving nulls out', () => {
    const summary = summarise([
      { id: 'a', agentId: 'S', cpu: 0.2, mem: 0.5, intervalS: 1 },
      { id: 'b', agentId: 'S', cpu: 0.6, mem: null, intervalS: 1 },
      { id: 'c', agentId: 'S', cpu: null, mem: 0.3, intervalS: null },
    ]);

    expect(summary).toEqual({ cpuTasks: 2, cpuMean: 0.4, cpuMax: 0.6, memTasks: 2, memMean: 0.4, memMax: 0.5 });
  });

  it('has null aggregates when nothing was measured', () => {
    expect(summarise([])).toEqual({
      cpuTasks: 0,
      cpuMean: null,
      cpuMax: null,
      memTasks: 0,
      memMean: null,
      memMax: null,
    });
  });
});

describe('planBatches', () => {
  it('puts at most 10 entries in a batch', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ body: `m${i}` }));

    expect(planBatches(entries).map((batch) => batch.length)).toEqual([10, 10, 5]);
  });

  it('keeps every batch of 5000-task messages within 1 MiB', () => {
    const entries = toEntries([message(5000, '/a'), message(5000, '/b'), message(10, '/c'), message(5000, '/d')]);

    const batches = planBatches(entries);

    expect(batches.flat()).toHaveLength(4);
    for (const batch of batches) {
      expect(batch.reduce((sum, entry) => sum + bytes(entry.body), 0)).toBeLessThanOrEqual(SQS_MAX_BATCH_BYTES);
    }
    expect(batches.length).toBeGreaterThanOrEqual(3);
  });
});

describe('fifoId', () => {
  it('keeps app ids and ISO timestamps as they are (SQS allows these characters)', () => {
    expect(fifoId('/team/api:2026-11-25T20:00:00.000Z')).toBe('/team/api:2026-11-25T20:00:00.000Z');
  });

  it('replaces characters SQS refuses', () => {
    expect(fifoId('a b\tc\u00e9')).toBe('a_b_c_');
  });

  it('shortens long ids to 128 characters, keeping two long ids apart', () => {
    const a = fifoId(`/${'x'.repeat(200)}:cycle-1`);
    const b = fifoId(`/${'x'.repeat(200)}:cycle-2`);

    expect(a).toHaveLength(128);
    expect(a).not.toBe(b);
  });
});
