import { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageSender } from '#shared/collect/index.ts';
import { type AppUsageMessage, AppUsageMessageSchema } from '#shared/usage/index.ts';
import { type FakeSqs, startFakeSqs } from '#test/helpers/fake-sqs-batch.ts';

let sqs: FakeSqs | undefined;
afterEach(async () => {
  await sqs?.close();
  sqs = undefined;
});

function client(url: string) {
  return new SQSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

function messages(count: number): AppUsageMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    version: 1,
    cycleId: '2026-11-25T20:00:00.000Z',
    appId: `/app-${i}`,
    collectedAt: '2026-11-25T20:00:01.000Z',
    instances: 1,
    tasksRunning: 1,
    tasksMissing: 0,
    agentsFailed: [],
    tasks: [{ id: `app-${i}.1`, agentId: 'S0', cpu: 0.5, mem: 0.25, intervalS: 60 }],
  }));
}

const transient = { Code: 'InternalError', Message: 'try again', SenderFault: false };

describe('UsageSender', () => {
  it('sends one entry per app with group id = app id and dedup id = app id + cycle id', async () => {
    sqs = await startFakeSqs(() => undefined);
    const sender = new UsageSender({ sqs: client(sqs.url), queueUrl: `${sqs.url}/000000000000/usage.fifo` });

    const report = await sender.send(messages(12));

    expect(report).toEqual({ sent: 12, failed: [], requests: 2 });
    expect(sqs.requests.map((r) => r.length).sort((a, b) => a - b)).toEqual([2, 10]);
    const entry3 = sqs.accepted.find((e) => e.MessageGroupId === '/app-3');
    expect(entry3).toMatchObject({
      MessageGroupId: '/app-3',
      MessageDeduplicationId: '/app-3:2026-11-25T20:00:00.000Z',
    });
    expect(AppUsageMessageSchema.parse(JSON.parse(entry3?.MessageBody ?? ''))).toMatchObject({
      appId: '/app-3',
    });
  });

  it('retries only the entries that failed in a partial batch failure', async () => {
    sqs = await startFakeSqs((entry, requestNo) => (requestNo === 1 && entry.Id === 'm1' ? transient : undefined));
    const sender = new UsageSender({ sqs: client(sqs.url), queueUrl: `${sqs.url}/q.fifo`, retryDelayMs: 1 });

    const report = await sender.send(messages(3));

    expect(report).toEqual({ sent: 3, failed: [], requests: 2 });
    expect(sqs.requests[1]?.map((e) => e.Id)).toEqual(['m1']);
    expect(sqs.accepted.map((e) => e.MessageGroupId)).toEqual(['/app-0', '/app-2', '/app-1']);
  });

  it('reports an entry that keeps failing after the bounded attempts', async () => {
    sqs = await startFakeSqs((entry) => (entry.Id === 'm0' ? transient : undefined));
    const sender = new UsageSender({ sqs: client(sqs.url), queueUrl: `${sqs.url}/q.fifo`, retryDelayMs: 1 });

    const report = await sender.send(messages(2));

    expect(report.sent).toBe(1);
    expect(report.failed).toEqual([{ appId: '/app-0', code: 'InternalError', reason: 'try again' }]);
    expect(sqs.requests).toHaveLength(3);
  });

  it('does not resend an entry SQS refused as the sender’s fault', async () => {
    sqs = await startFakeSqs((entry) =>
      entry.Id === 'm0' ? { Code: 'InvalidParameterValue', Message: 'bad', SenderFault: true } : undefined,
    );
    const sender = new UsageSender({ sqs: client(sqs.url), queueUrl: `${sqs.url}/q.fifo`, retryDelayMs: 1 });

    const report = await sender.send(messages(2));

    expect(report.failed).toEqual([{ appId: '/app-0', code: 'InvalidParameterValue', reason: 'bad' }]);
    expect(sqs.requests).toHaveLength(1);
  });

  it('reports every entry when SQS cannot be reached, without throwing', async () => {
    sqs = await startFakeSqs(() => undefined);
    const url = sqs.url;
    await sqs.close();
    sqs = undefined;
    const sender = new UsageSender({ sqs: client(url), queueUrl: `${url}/q.fifo`, retryDelayMs: 1, maxAttempts: 2 });

    const report = await sender.send(messages(2));

    expect(report.sent).toBe(0);
    expect(report.failed.map((f) => f.appId)).toEqual(['/app-0', '/app-1']);
  });
});
