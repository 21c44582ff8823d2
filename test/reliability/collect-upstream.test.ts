import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import { AppUsageMessageSchema } from '#shared/usage/index.ts';
import { deadPort } from '#test/helpers/fake-mesos-agent.ts';
import {
  type LocalBucket,
  type LocalQueue,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';
import { count, failureOf, guarded, reportCounts } from './tally.ts';
import {
  appsAnswer,
  type Behaviour,
  type ScriptedServer,
  slavesAnswer,
  startScripted,
  statisticsAnswer,
} from './upstream.ts';

/**
 * The collect cycle against lying or failing upstreams over real loopback sockets. Marathon's and the master's
 * listings are what the cycle cannot do without: a bad answer fails the cycle with a typed error naming the
 * upstream and the problem, and sends nothing. An agent's bad answer costs only that agent: the cycle completes,
 * names the agent and why, and still reports the app with its tasks there counted as missing.
 * (Single dead/hung/5xx agents and request-level parsing are in test/unit/collect/poller.test.ts and
 * test/unit/http/request.test.ts; this file runs each fault through the whole cycle.)
 */

reportCounts();
const APP = '/web';
let bucket: LocalBucket;
let queue: LocalQueue;
let marathon: ScriptedServer;
let master: ScriptedServer;
let good: ScriptedServer;
let bad: ScriptedServer;
let collector: Collector;
let lines: Record<string, unknown>[] = [];

const html = (status: number) => ({
  kind: 'raw' as const,
  status,
  body: `<html><head><title>${status} Bad Gateway</title></head><body><h1>nginx</h1></body></html>`,
});

/** Broken answers any JSON endpoint can give, each with what the error must say. */
function brokenAnswers(valid: unknown, wrongType: unknown, missingField: unknown): Array<[string, Behaviour, RegExp]> {
  const text = JSON.stringify(valid);
  return [
    ['missing field', { kind: 'json', body: missingField }, /HTTP_BAD_RESPONSE.*Required|HTTP_BAD_RESPONSE.*expected/],
    ['wrong type', { kind: 'json', body: wrongType }, /HTTP_BAD_RESPONSE.*expected/],
    ['HTML error page (502)', html(502), /HTTP_STATUS.*502/],
    ['HTML page with 200', html(200), /HTTP_BAD_RESPONSE.*not JSON.*<html>/],
    [
      'truncated JSON',
      { kind: 'raw', body: text.slice(0, text.length - 3), contentType: 'application/json' },
      /not JSON/,
    ],
    ['JSON null', { kind: 'json', body: null }, /HTTP_BAD_RESPONSE/],
    ['500', { kind: 'json', status: 500, body: { message: 'boom' } }, /HTTP_STATUS.*500/],
    ['body stalls mid-way', { kind: 'stall', body: text }, /HTTP_TIMEOUT.*body/],
    ['connection cut mid-body', { kind: 'cut', body: text }, /HTTP_NETWORK|HTTP_TIMEOUT/],
    ['never answers', { kind: 'hang' }, /HTTP_TIMEOUT.*headers/],
  ];
}

/** Wrong content is bad input; a stalled, cut or silent connection is a fault. */
const kindOf = (behaviour: Behaviour) =>
  ['stall', 'cut', 'hang'].includes(behaviour.kind) || (behaviour.kind === 'json' && behaviour.status === 500)
    ? ('faults' as const)
    : ('inputs' as const);

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `${e.code}: ${e.message}`;
}

function agents() {
  return [
    { id: 'A', host: good.host, port: good.port },
    { id: 'B', host: bad.host, port: bad.port },
  ];
}

function setHealthy(): void {
  marathon.routes.set('/v2/apps', { kind: 'json', body: appsAnswer(APP, agents()) });
  master.routes.set('/master/slaves', { kind: 'json', body: slavesAnswer(agents()) });
  good.routes.set('/monitor/statistics.json', { kind: 'json', body: statisticsAnswer('web.task-0', 10) });
  bad.routes.set('/monitor/statistics.json', { kind: 'json', body: statisticsAnswer('web.task-1', 10) });
}

function buildCollector(overrides: Record<string, string> = {}): Collector {
  const config = loadConfig({
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: master.url,
    HTTP_CONNECT_TIMEOUT_MS: '300',
    HTTP_HEADERS_TIMEOUT_MS: '300',
    HTTP_BODY_TIMEOUT_MS: '300',
    SECOND_SAMPLE_DELAY_MS: '1',
    AGENT_ALLOWED_CIDRS: '127.0.0.0/8',
    ...overrides,
  });
  const logger = new Logger({ service: 'test', level: 'debug', sink: (line) => lines.push(JSON.parse(line)) });
  return createCollector(config, { s3: bucket.s3, sqs: queue.sqs, logger });
}

beforeAll(async () => {
  [bucket, queue, marathon, master, good, bad] = await Promise.all([
    startLocalBucket('reliability-collect'),
    startLocalFifoQueue(),
    startScripted(),
    startScripted(),
    startScripted(),
    startScripted(),
  ]);
  collector = buildCollector();
});

afterAll(async () => {
  await collector?.close();
  await Promise.all([bucket, queue, marathon, master, good, bad].map((s) => s?.close()));
});

beforeEach(() => {
  lines = [];
  setHealthy();
});

describe('collect: Marathon and master listings that cannot be trusted', () => {
  const cases = [
    ...brokenAnswers(appsAnswer(APP, []), { apps: [{ id: APP, instances: 'two' }] }, { apps: [{ instances: 1 }] }).map(
      ([name, behaviour, error]) => ['marathon', '/v2/apps', name, behaviour, error] as const,
    ),
    ...brokenAnswers(
      slavesAnswer([]),
      { slaves: [{ id: 'A', hostname: '127.0.0.1', port: '5051', active: true }] },
      { slaves: [{ id: 'A', port: 5051, active: true }] },
    ).map(([name, behaviour, error]) => ['mesos-master', '/master/slaves', name, behaviour, error] as const),
  ];

  it.each(cases)(
    '%s %s, %s: the cycle fails with a typed error naming it and sends nothing',
    async (service, path, _name, behaviour, error) => {
      const server = service === 'marathon' ? marathon : master;
      server.routes.set(path, behaviour);

      const failure = await guarded(kindOf(behaviour), () => failureOf(collector.run()));

      expect(failure, 'the cycle should fail').toBeDefined();
      expect(describeError(failure)).toMatch(error);
      expect((failure as { service?: string }).service).toBe(service);
      expect(await queue.drain()).toEqual([]);
    },
  );

  it('fails with HTTP_NETWORK, sending nothing, when Marathon or the master is down', async () => {
    for (const key of ['MARATHON_URL', 'MESOS_MASTER_URL']) {
      const down = buildCollector({ [key]: `http://127.0.0.1:${await deadPort()}` });
      const failure = await guarded('faults', () => failureOf(down.run()));
      await down.close();

      expect((failure as { code?: string }).code).toBe('HTTP_NETWORK');
      expect(await queue.drain()).toEqual([]);
    }
  });

  it('follows the master’s redirect to the leading master and completes the cycle', async () => {
    const leader = await startScripted();
    leader.routes.set('/master/slaves', { kind: 'json', body: slavesAnswer(agents()) });
    master.routes.set('/master/slaves', { kind: 'redirect', location: `${leader.url}/master/slaves` });

    const summary = await guarded('faults', () => collector.run());
    await leader.close();

    expect(summary).toMatchObject({ apps: 1, tasks: 2, messages: 1, agentsFailed: [] });
    expect(leader.requests.map((r) => r.path)).toContain('/master/slaves');
    await queue.drain();
  });
});

describe('collect: an agent that answers badly costs only that agent', () => {
  const cases = brokenAnswers(
    statisticsAnswer('web.task-1', 10),
    [{ executor_id: 'web.task-1', framework_id: 'fw', statistics: { timestamp: 'now' } }],
    [{ framework_id: 'fw', statistics: { timestamp: 1 } }],
  );

  it.each(cases)(
    'agent %s: cycle completes, the agent is named with the reason, the app still reported',
    async (_name, behaviour, reason) => {
      bad.routes.set('/monitor/statistics.json', behaviour);

      const summary = await guarded(kindOf(behaviour), () => collector.run());
      const bodies = await queue.drain();

      expect(summary.agentsFailed).toEqual([{ id: 'B', reason: expect.stringMatching(reason) }]);
      expect(bodies).toHaveLength(1);
      const message = AppUsageMessageSchema.parse(JSON.parse(bodies[0] ?? ''));
      expect(message).toMatchObject({ appId: APP, tasksMissing: 1, agentsFailed: ['B'] });
      expect(message.tasks.map((task) => task.id)).toEqual(['web.task-0']);
      count('lostUploads', bodies.length === 1 ? 0 : 1);
    },
  );

  it('reports a dead agent and completes', async () => {
    const down = await deadPort();
    const dead = [
      agents()[0] as { id: string; host: string; port: number },
      { id: 'B', host: '127.0.0.1', port: down },
    ];
    master.routes.set('/master/slaves', { kind: 'json', body: slavesAnswer(dead) });

    const summary = await guarded('faults', () => collector.run());
    await queue.drain();

    expect(summary.agentsFailed).toEqual([{ id: 'B', reason: expect.stringMatching(/HTTP_NETWORK.*ECONNREFUSED/) }]);
    expect(summary.messages).toBe(1);
  });
});
