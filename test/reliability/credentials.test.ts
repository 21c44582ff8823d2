import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedBundle } from '#test/helpers/bundles.ts';
import {
  type LocalBucket,
  type LocalQueue,
  localAwsEnv,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';
import { s3EventOf } from '#test/helpers/s3-events.ts';
import { sqsRecord, usageMessage } from '#test/helpers/scale-harness.ts';
import { count, guarded, reportCounts } from './tally.ts';
import { appsAnswer, type ScriptedServer, slavesAnswer, startScripted, statisticsAnswer } from './upstream.ts';

/**
 * The real collect, scale and deploy handlers, configured from the environment with Marathon and Mesos credentials, run
 * against loopback servers that record every request's headers, while every line they write is captured:
 * - no log line carries a secret, its password part or its base64 form, not even on the failure paths;
 * - Marathon's token goes to Marathon only, Mesos' basic auth to the master and the allowed agents only;
 * - the master's redirect to another origin (the leader) is followed without the Authorization header;
 * - an agent address from a poisoned master answer outside AGENT_ALLOWED_CIDRS (127.0.0.2 when only
 *   127.0.0.1/32 is allowed) is never contacted, and an agent's redirect is never followed.
 */

reportCounts();
const MARATHON_TOKEN = 'mara-tok-7f3a9c1e5b';
const MESOS_USER = 'autopilot';
const MESOS_PASSWORD = 'mesos-pw-4d2b8e6f0a';
const APP = '/web';
const context = { getRemainingTimeInMillis: () => 30_000 } as Context;

let bucket: LocalBucket;
let queue: LocalQueue;
let marathon: ScriptedServer;
let master: ScriptedServer;
let leader: ScriptedServer;
let agent: ScriptedServer;
let redirecting: ScriptedServer;
let poisoned: ScriptedServer;
let elsewhere: ScriptedServer;
const written: string[] = [];

function servers() {
  return { marathon, master, leader, agent, redirecting, poisoned, elsewhere };
}

function authorizationsAt(server: ScriptedServer): string[] {
  return server.requests.map((request) => request.headers.authorization ?? '(none)');
}

beforeAll(async () => {
  [bucket, queue] = await Promise.all([startLocalBucket('reliability-credentials'), startLocalFifoQueue()]);
  [marathon, master, leader, agent, redirecting, elsewhere] = await Promise.all([
    startScripted(),
    startScripted(),
    startScripted(),
    startScripted(),
    startScripted(),
    startScripted(),
  ]);
  poisoned = await startScripted('127.0.0.2');
  const agents = [
    { id: 'A', host: agent.host, port: agent.port },
    { id: 'R', host: redirecting.host, port: redirecting.port },
    { id: 'P', host: poisoned.host, port: poisoned.port },
  ];
  marathon.routes.set('/v2/apps', { kind: 'json', body: appsAnswer(APP, agents) });
  marathon.routes.set('GET /v2/apps/web', {
    kind: 'json',
    body: { app: { id: APP, cpus: 0.5, mem: 128, instances: 2, labels: { 'autopilot.enabled': 'true' } } },
  });
  // The first PUT fails (its error is logged), the retry succeeds.
  marathon.routes.set('PUT /v2/apps/web', { kind: 'json', status: 503, body: { message: 'try later' } });
  master.routes.set('/master/slaves', { kind: 'redirect', location: `${leader.url}/master/slaves` });
  leader.routes.set('/master/slaves', { kind: 'json', body: slavesAnswer(agents) });
  agent.routes.set('/monitor/statistics.json', { kind: 'json', body: statisticsAnswer('web.task-0', 10) });
  redirecting.routes.set('/monitor/statistics.json', {
    kind: 'redirect',
    status: 302,
    location: `${elsewhere.url}/monitor/statistics.json`,
  });
  poisoned.routes.set('/monitor/statistics.json', { kind: 'json', body: statisticsAnswer('web.task-2', 10) });

  const env: Record<string, string> = {
    ...localAwsEnv(bucket, queue),
    MARATHON_URL: marathon.url,
    MESOS_MASTER_URL: master.url,
    MARATHON_CREDENTIALS: `token:${MARATHON_TOKEN}`,
    MESOS_CREDENTIALS: `${MESOS_USER}:${MESOS_PASSWORD}`,
    AGENT_ALLOWED_CIDRS: '127.0.0.1/32',
    SECOND_SAMPLE_DELAY_MS: '1',
    HTTP_HEADERS_TIMEOUT_MS: '500',
    LOG_LEVEL: 'debug',
  };
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);

  const collect = await import('#functions/collect/handler.ts');
  const scale = await import('#functions/scale/handler.ts');
  await guarded('faults', () => collect.handler({ cycleId: 'secure-1' }, context));
  await queue.drain();
  const message = usageMessage(APP, 'secure-1', new Date().toISOString(), 2, 1);
  const first = await guarded('faults', () => scale.handler({ Records: [sqsRecord(message, APP)] }, context));
  expect(first.batchItemFailures).toHaveLength(1);
  marathon.routes.set('PUT /v2/apps/web', { kind: 'json', body: { deploymentId: 'd-1', version: 'v' } });
  await guarded('inputs', () => scale.handler({ Records: [sqsRecord(message, APP)] }, context));
  await guarded('inputs', () => scale.handler({ Records: [sqsRecord('not json', APP)] }, context));

  const deploy = await import('#functions/deploy/handler.ts');
  marathon.routes.set('PUT /v2/apps/cred-app', { kind: 'json', body: { deploymentId: 'd-2', version: 'v' } });
  const uploads: Array<[string, Buffer]> = [
    ['incoming/cred-app.tar.gz', await seedBundle({ id: 'cred-app' })],
    ['incoming/broken.tar.gz', Buffer.from('not a bundle')],
  ];
  for (const [key, body] of uploads) {
    await bucket.s3.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: key, Body: body }));
    await guarded('inputs', () => deploy.handler(s3EventOf({ key, bucket: bucket.bucket }), context));
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await Promise.all([bucket, queue, ...Object.values(servers())].map((server) => server?.close()));
});

describe('credentials', () => {
  it('ran the handlers through the failure paths that log errors', () => {
    const text = written.join('');
    expect(text).toContain('HTTP_STATUS');
    expect(text).toContain('malformed usage message');
    expect(text).toContain('outside');
    expect(text).toContain('"outcome":"deployed"');
    expect(text).toContain('BUNDLE_NOT_GZIP');
  });

  it('never writes a secret, its password part or its base64 form to the logs', () => {
    const text = written.join('');
    const forms = [
      MARATHON_TOKEN,
      Buffer.from(`token:${MARATHON_TOKEN}`).toString('base64'),
      Buffer.from(MARATHON_TOKEN).toString('base64'),
      MESOS_PASSWORD,
      Buffer.from(`${MESOS_USER}:${MESOS_PASSWORD}`).toString('base64'),
      Buffer.from(MESOS_PASSWORD).toString('base64'),
    ];
    count('inputs', forms.length);
    expect(written.length).toBeGreaterThan(5);
    for (const form of forms) expect(text).not.toContain(form);
  });

  it('sends Marathon’s token to Marathon only, on every request', () => {
    expect(marathon.requests.length).toBeGreaterThanOrEqual(4);
    expect(new Set(authorizationsAt(marathon))).toEqual(new Set([`Bearer ${MARATHON_TOKEN}`]));
    for (const [name, server] of Object.entries(servers())) {
      if (name !== 'marathon') expect(authorizationsAt(server).join()).not.toContain(MARATHON_TOKEN);
    }
  });

  it('sends Mesos basic auth to the configured master and the allowed agent only', () => {
    const basic = `Basic ${Buffer.from(`${MESOS_USER}:${MESOS_PASSWORD}`).toString('base64')}`;
    expect(authorizationsAt(master)).toEqual([basic]);
    expect(new Set(authorizationsAt(agent))).toEqual(new Set([basic]));
  });

  it('follows the master’s redirect to another origin without the Authorization header', () => {
    count('faults');
    expect(authorizationsAt(leader)).toEqual(['(none)']);
  });

  it('never contacts an agent address outside AGENT_ALLOWED_CIDRS from a poisoned master answer', () => {
    count('inputs');
    expect(poisoned.requests).toEqual([]);
    const skipped = written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"agentId":"P"'));
    expect(skipped.join()).toMatch(/127\.0\.0\.2.*outside/);
  });

  it('does not follow an allowed agent’s redirect to another host', () => {
    count('faults');
    expect(redirecting.requests.length).toBeGreaterThan(0);
    expect(elsewhere.requests).toEqual([]);
  });
});
