import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { type Dashboard, startDashboard } from '#local/dashboard/index.ts';
import { type LocalS3, startS3 } from '#test/helpers/cluster-fixtures.ts';

/**
 * The dashboard's JSON API over real loopback servers: the stand-in (one agent, no app), s3rver holding deploy
 * records as the deploy function writes them, and the scale function's real decision lines. No agent hook given.
 */

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, checked field by field by the assertions
type Json = any;

const FIXTURE = new URL('../../fixtures/dashboard/scale-log.jsonl', import.meta.url);
const DIGEST = 'a'.repeat(64);
const OLD_DIGEST = 'b'.repeat(64);

async function putJson(s3: LocalS3, key: string, value: unknown): Promise<void> {
  await s3.put(key, Buffer.from(JSON.stringify(value)));
}

function deployRecord(digest: string, at: string) {
  return {
    kind: 'deploy',
    appId: 'rest-app',
    digest,
    bundleKey: `bundles/rest-app/${digest}.tar.gz`,
    sourceKey: 'incoming/rest-app.tar.gz',
    eventTime: at,
    who: 'local',
    at,
    manifest: { id: 'rest-app', cmd: './run.sh' },
    deploymentId: 'd-1',
    outcome: 'deployed',
  };
}

function rejection(key: string, at: string, appId?: string) {
  return {
    code: 'BUNDLE_INVALID',
    message: `bad bundle ${key}`,
    details: {},
    bucket: 'bundles',
    key,
    who: 'local',
    at,
    appId,
  };
}

describe('the dashboard API', () => {
  let s3: LocalS3;
  let cluster: LocalCluster;
  let dashboard: Dashboard;
  let logsDir: string;

  const get = async (p: string) => {
    const response = await fetch(new URL(p, dashboard.url));
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  };
  const post = async (p: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(p, dashboard.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    logsDir = await mkdtemp(path.join(tmpdir(), 'dashboard-api-'));
    await copyFile(FIXTURE, path.join(logsDir, 'scale.log'));
    [s3, cluster] = await Promise.all([startS3('bundles'), startCluster({ agents: 1 })]);
    const oldKey = `deploys/rest-app/2026-11-25T19:00:00.000Z-${OLD_DIGEST.slice(0, 12)}.json`;
    const newKey = `deploys/rest-app/2026-11-25T20:00:00.000Z-${DIGEST.slice(0, 12)}.json`;
    await putJson(s3, oldKey, deployRecord(OLD_DIGEST, '2026-11-25T19:00:00.000Z'));
    await putJson(s3, newKey, deployRecord(DIGEST, '2026-11-25T20:00:00.000Z'));
    await putJson(s3, 'deploys/rest-app/current.json', {
      appId: 'rest-app',
      digest: DIGEST,
      recordKey: newKey,
      at: '',
    });
    await putJson(
      s3,
      'rejected/incoming/v3.tar.gz.json',
      rejection('incoming/v3.tar.gz', '2026-11-25T20:30:00.000Z', 'rest-app'),
    );
    await putJson(
      s3,
      'rejected/incoming/other.tar.gz.json',
      rejection('incoming/other.tar.gz', '2026-11-25T20:31:00.000Z', 'other'),
    );
    await putJson(
      s3,
      'rejected/incoming/junk.tar.gz.json',
      rejection('incoming/junk.tar.gz', '2026-11-25T20:32:00.000Z'),
    );
    dashboard = await startDashboard({
      marathonUrl: cluster.marathonUrl,
      mesosMasterUrl: cluster.mesosMasterUrl,
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, forcePathStyle: true },
      logsDir,
    });
  });

  afterAll(async () => {
    await dashboard?.stop();
    await cluster?.stop();
    await s3?.close();
    await rm(logsDir, { recursive: true, force: true });
  });

  it('serves the page with a policy that allows nothing from other origins', async () => {
    const response = await fetch(dashboard.url);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<script type="module" src="/app.js">');
  });

  it('lists the agents and no apps on an empty cluster', async () => {
    const [apps, agents] = await Promise.all([get('/api/apps'), get('/api/agents')]);

    expect(apps.body).toEqual({ apps: [] });
    expect(agents.body.agents).toHaveLength(1);
    expect(agents.body.agents[0]).toMatchObject({ active: true, cpus: 4, tasks: [] });
  });

  it("returns an app's decisions, filtered by since, and refuses a since it cannot read", async () => {
    const all = await get('/api/decisions?app=rest-app');
    const recent = await get('/api/decisions?app=%2Frest-app&since=2026-11-25T20:21:09.000Z');
    const bad = await get('/api/decisions?since=yesterday');

    expect(all.body.decisions.map((d: { cycleId: string }) => d.cycleId)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(recent.body.decisions).toHaveLength(2);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
  });

  it("builds the app's series from its decisions, the window starting at since", async () => {
    const { body } = await get('/api/series/rest-app');
    const recent = await get('/api/series/rest-app?since=2026-11-25T20:21:09.000Z');

    expect(body.marks).toHaveLength(3);
    expect(body.instances.map((p: { v: number }) => p.v)).toEqual([1, 2, 3]);
    expect(recent.body.instances.map((p: { v: number }) => p.v)).toEqual([2, 3]);
  });

  it('lists deploys newest first with the current one marked, and the rejections naming this app or none', async () => {
    const { body } = await get('/api/history/rest-app');

    expect(body.currentDigest).toBe(DIGEST);
    expect(
      body.entries.map((e: { kind: string; digest: string | null; current: boolean; error: string | null }) => [
        e.kind,
        e.digest?.[0] ?? null,
        e.current,
        e.error,
      ]),
    ).toEqual([
      ['rejected', null, false, 'bad bundle incoming/junk.tar.gz'],
      ['rejected', null, false, 'bad bundle incoming/v3.tar.gz'],
      ['deploy', 'a', true, null],
      ['deploy', 'b', false, null],
    ]);
  });

  it("answers Marathon's 422 reasons when a scale would create an app without a command", async () => {
    const { status, body } = await post('/api/apps/nope/scale', { instances: 2 });

    expect(status).toBe(422);
    expect(body.error.code).toBe('MARATHON_INVALID_APP');
  });

  it('refuses bad scale requests: not JSON, another origin, or not a whole number', async () => {
    const notJson = await fetch(new URL('/api/apps/x/scale', dashboard.url), { method: 'POST', body: 'instances=2' });
    const foreign = await post('/api/apps/x/scale', { instances: 2 }, { origin: 'http://evil.example' });
    const fraction = await post('/api/apps/x/scale', { instances: 1.5 });

    expect(notJson.status).toBe(415);
    expect(foreign.status).toBe(403);
    expect(fraction.status).toBe(400);
  });

  it('says agent control is unavailable when no hook was given', async () => {
    const { status, body } = await post('/api/agents/S0/stop', {});
    const config = await get('/api/config');

    expect(status).toBe(501);
    expect(body.error.code).toBe('AGENT_CONTROL_UNAVAILABLE');
    expect(config.body.agentControl).toBe(false);
  });

  it('answers 502 S3_UNAVAILABLE for history when the bucket cannot be reached, and still serves decisions', async () => {
    const closedPort = await startDashboard({
      marathonUrl: cluster.marathonUrl,
      mesosMasterUrl: cluster.mesosMasterUrl,
      s3: { endpoint: 'http://127.0.0.1:1', bucket: 'bundles', forcePathStyle: true },
      logsDir,
    });
    try {
      const history = await fetch(new URL('/api/history/rest-app', closedPort.url));
      const decisions = await fetch(new URL('/api/decisions', closedPort.url));

      expect(history.status).toBe(502);
      expect(((await history.json()) as Json).error.code).toBe('S3_UNAVAILABLE');
      expect(decisions.status).toBe(200);
    } finally {
      await closedPort.stop();
    }
  });

  it('answers 404 with a code for unknown routes', async () => {
    const { status, body } = await get('/api/nothing');

    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});
