import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#local/aws/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';

const SLEEP = join(import.meta.dirname, '..', '..', 'fixtures', 'handlers', 'sleep.ts');
const THROWS_AT_INIT = join(import.meta.dirname, '..', '..', 'fixtures', 'handlers', 'throws-at-init.ts');

let dataDir: string;
let stack: LocalAws;
let runner: LocalRunner;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'autopilot-local-runner-'));
  stack = await startLocalAws({ dataDir });
  runner = await startLocalRunner({
    stack,
    dataDir,
    functions: { collect: { modulePath: SLEEP, timeoutMs: 2_000 } },
    triggers: { s3: false, schedule: { intervalMs: 50 }, sqs: false },
  });
});

afterEach(async () => {
  await runner.stop();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local runner', () => {
  it('invokes collect on the schedule with an EventBridge Scheduled Event', async () => {
    const record = await runner.waitForInvocation((r) => r.trigger === 'schedule');
    expect(record.event).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
  });

  it('ends an invocation past its timeout with LAMBDA_TIMEOUT and cold-starts the next one', async () => {
    await runner.stop();
    runner = await startLocalRunner({
      stack,
      dataDir,
      functions: { collect: { modulePath: SLEEP, timeoutMs: 300 } },
      triggers: { s3: false, schedule: false, sqs: false },
    });

    const slow = await runner.invoke('collect', { ms: 5_000 });
    const fast = await runner.invoke('collect', { ms: 0 });

    expect(slow.error).toMatchObject({ code: 'LAMBDA_TIMEOUT' });
    expect(fast.error).toBeUndefined();
    expect((fast.result as { remainingMs: number }).remainingMs).toBeGreaterThan(0);
    expect((fast.result as { remainingMs: number }).remainingMs).toBeLessThanOrEqual(300);
    expect((fast.result as { requestId: string }).requestId).toBe(fast.awsRequestId);
  });

  it('reports a handler module that fails at cold start as an init error with its code', async () => {
    await runner.stop();
    runner = await startLocalRunner({
      stack,
      dataDir,
      functions: { deploy: { modulePath: THROWS_AT_INIT } },
      triggers: { s3: false, schedule: false, sqs: false },
    });

    const record = await runner.invoke('deploy', {});

    expect(record.error).toMatchObject({ message: 'bad config at cold start', code: 'CONFIG_INVALID' });
  });
});
