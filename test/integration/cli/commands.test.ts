import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '#local/aws/index.ts';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { writeStackFile } from '#local/demo/stack-file.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { runDecisions } from '../../../cli/commands/decisions.ts';
import { runScale } from '../../../cli/commands/scale.ts';
import { runStatus } from '../../../cli/commands/status.ts';
import type { Io } from '../../../cli/lib/command.ts';
import { EXIT } from '../../../cli/lib/errors.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

const decision = (at: string, appId: string, current: number, desired: number, action: string) =>
  JSON.stringify({
    timestamp: at,
    level: 'info',
    message: 'scaling decision',
    function: 'scale',
    appId,
    policy: 'target',
    current,
    desired,
    action,
    reason: action === 'none' ? 'within-tolerance' : 'above-target',
    reasonText: `mean CPU vs target: ${current} → ${desired}`,
    blockedBy: null,
    dryRun: false,
    applyError: null,
  });

describe('autopilot status, scale and decisions against the local stand-in', () => {
  let dir: string;
  let aws: LocalAws;
  let cluster: LocalCluster;
  let marathon: MarathonClient;
  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-commands-'));
    aws = await startLocalAws({ dataDir: dir });
    cluster = await startCluster({ agents: 1, killGracePeriodMs: 200 });
    marathon = new MarathonClient({
      baseUrl: cluster.marathonUrl,
      timeouts: { connectTimeoutMs: 1_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    });
    // A health check nothing answers: its deployments never finish, so a second PUT always meets the lock.
    await marathon.putApp('stuck', {
      cmd: 'sleep 60',
      cpus: 0.01,
      mem: 16,
      instances: 1,
      labels: { 'autopilot.enabled': 'true', 'autopilot.policy': 'target', 'autopilot.digest': 'ab'.repeat(32) },
      healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0, gracePeriodSeconds: 300, intervalSeconds: 60 }],
    });
    await mkdir(join(dir, 'logs'));
    await writeFile(
      join(dir, 'logs', 'scale.log'),
      [
        decision(at(3600), '/stuck', 1, 1, 'none'),
        'not json',
        JSON.stringify({ message: 'collect cycle summary' }),
        decision(at(60), '/other', 1, 2, 'scale-up'),
        decision(at(30), '/stuck', 1, 3, 'scale-up'),
        '',
      ].join('\n'),
    );
    await writeStackFile(dir, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      region: aws.region,
      bucket: aws.bucket,
      incomingPrefix: 'incoming/',
      s3Endpoint: aws.s3Endpoint,
      sqsEndpoint: aws.sqsEndpoint,
      marathonUrl: cluster.marathonUrl,
      mesosMasterUrl: cluster.mesosMasterUrl,
      credentials: aws.credentials,
      logDir: join(dir, 'logs'),
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    await aws?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('status lists the app with its digest, policy, running deployment and last decision', async () => {
    const io = capture();
    expect(await runStatus(['--data-dir', dir, '--json'], io)).toBe(EXIT.ok);
    const answer = JSON.parse(io.stdout[0] ?? '{}');
    expect(answer.apps).toHaveLength(1);
    expect(answer.apps[0]).toMatchObject({
      id: '/stuck',
      instances: 1,
      digest: 'ab'.repeat(32),
      autoscaling: true,
      policy: 'target',
      lastDecision: { action: 'scale-up', desired: 3 },
    });
    expect(answer.apps[0].deployments).toHaveLength(1);
  });

  it('status of one app also lists its tasks, as a table', async () => {
    const io = capture();
    expect(await runStatus(['stuck', '--data-dir', dir], io)).toBe(EXIT.ok);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^APP +WANT +RUNNING/m);
    expect(text).toMatch(/^stuck +1 /m);
    expect(text).toMatch(/^TASK +ENDPOINT +STATE/m);
    expect(text).toContain('stuck.instance-');
  });

  it('status of an unknown app exits 3 and says how to list apps', async () => {
    const io = capture();
    expect(await runStatus(['nope', '--data-dir', dir], io)).toBe(EXIT.notFound);
    expect(io.stderr.join('\n')).toContain('autopilot status');
  });

  it('every command exits 3 with how to start the stack when no local stack runs', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cli-empty-'));
    try {
      const io = capture();
      expect(await runStatus(['--data-dir', empty], io)).toBe(EXIT.notFound);
      expect(io.stderr.join('\n')).toContain('npm start');
      expect(await runScale(['stuck', '2', '--data-dir', empty], capture())).toBe(EXIT.notFound);
      expect(await runDecisions(['--data-dir', empty], capture())).toBe(EXIT.notFound);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('scale exits 4 while a deployment runs, and --force overrides it', async () => {
    const locked = capture();
    expect(await runScale(['stuck', '2', '--data-dir', dir], locked)).toBe(EXIT.conflict);
    expect(locked.stderr.join('\n')).toContain('--force');
    expect((await marathon.getApp('stuck'))?.instances).toBe(1);

    const forced = capture();
    expect(await runScale(['stuck', '2', '--force', '--data-dir', dir, '--json'], forced)).toBe(EXIT.ok);
    expect(JSON.parse(forced.stdout[0] ?? '{}')).toMatchObject({ ok: true, from: 1, to: 2, force: true });
    expect((await marathon.getApp('stuck'))?.instances).toBe(2);
  });

  it('scale refuses an unknown app (3) and a bad count (2) without touching Marathon', async () => {
    expect(await runScale(['nope', '2', '--data-dir', dir], capture())).toBe(EXIT.notFound);
    expect(await runScale(['stuck', 'two', '--data-dir', dir], capture())).toBe(EXIT.usage);
    expect(await runScale(['stuck', '--data-dir', dir], capture())).toBe(EXIT.usage);
  });

  it('decisions prints the logged decisions oldest first, one readable line each, skipping other lines', async () => {
    const io = capture();
    expect(await runDecisions(['--data-dir', dir, '--utc'], io)).toBe(EXIT.ok);
    expect(io.stdout).toHaveLength(3);
    expect(io.stdout[0]).toMatch(/^\d\d:\d\d:\d\d stuck target 1 = 1 none: /);
    expect(io.stdout[2]).toMatch(/^\d\d:\d\d:\d\d stuck target 1 → 3 scale-up: /);
  });

  it('decisions filters by app, --since and --changes, and prints JSON lines with --json', async () => {
    const io = capture();
    expect(await runDecisions(['stuck', '--since', '10m', '--json', '--data-dir', dir], io)).toBe(EXIT.ok);
    expect(io.stdout.map((line) => JSON.parse(line).desired)).toEqual([3]);
    const changes = capture();
    expect(await runDecisions(['--changes', '--data-dir', dir], changes)).toBe(EXIT.ok);
    expect(changes.stdout).toHaveLength(2);
    expect(await runDecisions(['--since', 'yesterday', '--data-dir', dir], capture())).toBe(EXIT.usage);
  });
});
