import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#local/aws/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';
import { usageMessage } from '#test/helpers/scale-harness.ts';
import { type StatsQueueSender, statsQueueSender } from '#test/helpers/stats-queue.ts';
import { waitFor } from '#test/helpers/wait-for.ts';
import { count, reportCounts } from './tally.ts';

/**
 * The scale function as deployed on the local stack (serverless.yml's FIFO queue and DLQ with a 1 s visibility
 * timeout and maxReceiveCount 2, the runner's SQS event source, the handler in its own sandbox), against a loopback
 * Marathon that can lock an app (409) or take a PUT and never answer. Each fault ends with Marathon's final state
 * checked: no scale action applied twice, nothing lost, good messages not held back.
 */

reportCounts();
const FIXTURE = join(import.meta.dirname, 'fixtures', 'scale-crash-after-put.ts');

type PutMode = 'ok' | 'locked' | 'apply-then-hang' | 'hang';

interface FakeMarathon extends TestServer {
  apps: Map<string, { instances: number; mode: PutMode }>;
  /** PUTs received per app, and those applied (instances changed). */
  received: Map<string, number>;
  applied: Map<string, number[]>;
}

async function startMarathon(): Promise<FakeMarathon> {
  const apps = new Map<string, { instances: number; mode: PutMode }>();
  const received = new Map<string, number>();
  const applied = new Map<string, number[]>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const id = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/v2\/apps/, '');
    let text = '';
    for await (const chunk of req) text += chunk;
    const app = apps.get(id);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!app) return json(404, { message: `App '${id}' does not exist` });
    if (req.method === 'GET') {
      const labels = { 'autopilot.enabled': 'true', 'autopilot.targetCpu': '50' };
      return json(200, { app: { id, cpus: 0.5, mem: 128, instances: app.instances, labels } });
    }
    received.set(id, (received.get(id) ?? 0) + 1);
    if (app.mode === 'locked') {
      return json(409, { message: 'App is locked by one or more deployments.', deployments: [{ id: 'd-0' }] });
    }
    if (app.mode === 'hang') return;
    const { instances } = JSON.parse(text) as { instances: number };
    app.instances = instances;
    applied.set(id, [...(applied.get(id) ?? []), instances]);
    if (app.mode === 'apply-then-hang') return;
    json(200, { deploymentId: `d-${id}-${applied.get(id)?.length}`, version: new Date().toISOString() });
  };
  const server = await startTestServer((req, res) => void handle(req, res));
  return Object.assign(server, { apps, received, applied });
}

let dataDir: string;
let stack: LocalAws;
let marathon: FakeMarathon;
let runner: LocalRunner;
let statsQueue: StatsQueueSender;
const lines: Record<string, unknown>[] = [];

async function send(appId: string, cycleId: string, dedup = `${appId}:${cycleId}`): Promise<void> {
  const body = JSON.stringify(usageMessage(appId, cycleId, new Date().toISOString(), 2, 1));
  await statsQueue.send(body, appId, dedup);
}

function addApp(appId: string, mode: PutMode): void {
  marathon.apps.set(appId, { instances: 2, mode });
}

/** Scale-ups applied beyond the one each message called for. */
function countWrongActions(appId: string, expected: number): void {
  count('wrongScaleActions', Math.max(0, (marathon.applied.get(appId)?.length ?? 0) - expected));
}

const queueEmpty = () => {
  const queued = stack.fauxqs.inspectQueue(stack.statsQueue.name)?.messages;
  return queued !== undefined && queued.ready.length === 0 && queued.inflight.length === 0;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'reliability-scale-stack-'));
  [stack, marathon] = await Promise.all([
    startLocalAws({ dataDir, params: { statsVisibilityTimeoutS: 1, statsMaxReceiveCount: 2 } }),
    startMarathon(),
  ]);
  statsQueue = statsQueueSender(stack);
  runner = await startLocalRunner({
    stack,
    dataDir,
    env: { MARATHON_URL: marathon.url, MESOS_MASTER_URL: 'http://127.0.0.1:1', CRASH_MARKER: join(dataDir, 'crashed') },
    functions: { scale: { modulePath: FIXTURE, timeoutMs: 5_000 } },
    triggers: { s3: false, schedule: false, sqs: { waitTimeSeconds: 1 } },
  });
  runner.on('log', (name, line) => {
    if (name === 'scale' && line.startsWith('{')) lines.push(JSON.parse(line));
  });
}, 60_000);

afterAll(async () => {
  statsQueue?.destroy();
  await runner?.stop();
  await marathon?.close();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('scale on the local stack: faults', () => {
  it('a sandbox killed after its PUT reached Marathon: the redelivery does not scale again', async () => {
    addApp('/crash', 'apply-then-hang');
    count('faults');

    await send('/crash', 'k1');

    const crashed = await waitFor(
      () => runner.invocations.find((i) => i.error?.code === 'WORKER_CRASHED' || i.error?.code === 'LAMBDA_TIMEOUT'),
      { what: 'the sandbox killed mid-apply', timeoutMs: 15_000 },
    );
    expect(crashed.error?.message).toMatch(/killed|timed out/);
    const after = runner.invocations.indexOf(crashed);
    await waitFor(() => runner.invocations.slice(after + 1).find((i) => !i.error), {
      what: 'the redelivery handled in a fresh sandbox',
      timeoutMs: 15_000,
    });
    await waitFor(queueEmpty, { what: 'the message deleted', timeoutMs: 10_000 });

    countWrongActions('/crash', 1);
    expect(marathon.applied.get('/crash')).toEqual([4]);
    expect(lines).toContainEqual(
      expect.objectContaining({ message: SCALE_LOG.dropped, appId: '/crash', reason: 'duplicate' }),
    );
  });

  it('a sandbox killed before Marathon applied its PUT: the action is not repeated, and a later cycle scales', async () => {
    addApp('/crash-early', 'hang');
    count('faults');

    await send('/crash-early', 'e1');

    const crashed = await waitFor(
      () =>
        runner.invocations.find((i) => i.error?.code === 'WORKER_CRASHED' && JSON.stringify(i.event).includes('e1')),
      { what: 'the sandbox killed mid-apply', timeoutMs: 15_000 },
    );
    const after = runner.invocations.indexOf(crashed);
    await waitFor(() => runner.invocations.slice(after + 1).find((i) => !i.error), { timeoutMs: 15_000 });
    await waitFor(queueEmpty, { what: 'the message deleted', timeoutMs: 10_000 });
    marathon.apps.set('/crash-early', { instances: 2, mode: 'ok' });
    await send('/crash-early', 'e2');
    await waitFor(
      () => lines.find((l) => l.appId === '/crash-early' && l.cycleId === 'e2' && l.message === SCALE_LOG.decision),
      {
        what: 'the next cycle decided',
        timeoutMs: 15_000,
      },
    );

    // The killed cycle's action is not repeated by its redelivery (it was marked before the PUT); the next cycle
    // decides afresh from Marathon's real count. With a policy cooldown the engine's recorded scaling would hold
    // that next action off for the cooldown (docs/reliability.md).
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: SCALE_LOG.dropped,
        appId: '/crash-early',
        cycleId: 'e1',
        reason: 'duplicate',
      }),
    );
    expect(marathon.received.get('/crash-early')).toBe(2);
    countWrongActions('/crash-early', 1);
    expect(marathon.applied.get('/crash-early')).toEqual([4]);
  });

  it('the same message delivered twice (two SQS copies) scales once', async () => {
    addApp('/twice', 'ok');
    count('faults');

    await send('/twice', 't1', 'copy-1');
    await send('/twice', 't1', 'copy-2');

    await waitFor(() => lines.filter((l) => l.appId === '/twice').length >= 2 && queueEmpty(), {
      what: 'both copies handled',
      timeoutMs: 15_000,
    });
    countWrongActions('/twice', 1);
    expect(marathon.applied.get('/twice')).toEqual([4]);
  });

  it('an app locked (409) past the receive limit reaches the DLQ by redrive; the other app is scaled at once', async () => {
    addApp('/locked', 'locked');
    addApp('/fine', 'ok');
    count('faults');

    await send('/locked', 'l1');
    await send('/fine', 'f1');

    await waitFor(() => marathon.applied.get('/fine'), { what: '/fine scaled', timeoutMs: 10_000 });
    const dead = await waitFor(
      () =>
        stack.fauxqs.inspectQueue(stack.deadLetterQueue.name)?.messages.ready.find((m) => m.body.includes('/locked')),
      { what: 'the locked app’s message in the DLQ', timeoutMs: 20_000 },
    );
    const deadBody = JSON.parse(dead.body) as { appId: string; cycleId: string };
    expect(deadBody).toMatchObject({ appId: '/locked', cycleId: 'l1' });
    // Moved by the queue's redrive after maxReceiveCount receives, not forwarded by scale (no reason attribute).
    expect(dead.messageAttributes.reason).toBeUndefined();
    expect(marathon.received.get('/locked')).toBe(2);
    expect(marathon.applied.get('/locked')).toBeUndefined();
    countWrongActions('/fine', 1);
    countWrongActions('/locked', 0);
    expect(marathon.applied.get('/fine')).toEqual([4]);
  });
});
