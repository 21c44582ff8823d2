import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, localS3Client } from '#local/aws/index.ts';
import type { LocalCluster } from '#local/cluster/index.ts';
import { selectExampleBundle } from '#local/example/index.ts';
import type { LocalRunner } from '#local/runner/index.ts';
import {
  COLLECT_PROBLEM_FIELDS,
  DEPLOY_LOG,
  DEPLOY_OUTCOMES,
  LAMBDA_RUNTIME_LOG,
  LOG_LEVELS,
  SCALE_ACTIONS,
  SCALE_BLOCKED_BY,
  SCALE_LOG,
} from '#shared/logging/log-shapes.ts';
import type { MarathonClient } from '#shared/marathon/index.ts';
import { METRIC_FILTERS } from '#shared/observability/metric-filters.ts';
import { type FunctionKey, SAVED_QUERIES } from '#shared/observability/queries.ts';
import { burnerApp, startLoopRunner, startStackAndCluster } from '#test/helpers/local-loop.ts';
import { fieldNames, metricPatternMatches, parseQuery, runQuery } from '#test/helpers/logs-insights.ts';
import { usageMessage } from '#test/helpers/scale-harness.ts';
import { type StatsQueueSender, statsQueueSender } from '#test/helpers/stats-queue.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

/**
 * The saved queries and metric filters over the log files the real handlers write on the local stack
 * (local/aws + local/cluster + local/runner, every trigger on): bundles uploaded (one good, one broken), a
 * loaded app scaled up, an app whose deployment never finishes (decisions blocked), and at the end the cluster
 * stopped (collect invocations fail). Each query must find the records an operator expects.
 */

const HOT = '/obs/hot';
const STUCK = '/obs/stuck';
let dataDir: string;
let stack: LocalAws;
let cluster: LocalCluster;
let runner: LocalRunner;
let marathon: MarathonClient;
let s3: S3Client;
let statsQueue: StatsQueueSender;
let logs: Record<FunctionKey, string[]>;

async function readLogs(): Promise<Record<FunctionKey, string[]>> {
  const read = async (fn: FunctionKey) =>
    (await readFile(join(dataDir, 'logs', `${fn}.log`), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { deploy: await read('deploy'), collect: await read('collect'), scale: await read('scale') };
}

/** Waits until some line of `fn`'s log file satisfies `predicate` (the file is the source of truth). */
async function waitForLine(fn: FunctionKey, what: string, predicate: (line: Record<string, unknown>) => boolean) {
  return waitFor(
    async () =>
      (await readLogs())[fn].some((line) => {
        try {
          return predicate(JSON.parse(line));
        } catch {
          return false;
        }
      }),
    { what, timeoutMs: 60_000, intervalMs: 250 },
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'autopilot-observability-'));
  const hotFlag = join(dataDir, 'hot');
  await writeFile(hotFlag, '');
  ({ stack, cluster, marathon } = await startStackAndCluster(dataDir, 2));
  const labels = { 'autopilot.enabled': 'true', 'autopilot.targetCpu': '50', 'autopilot.downStabilisationS': '0' };
  await marathon.putApp(HOT, {
    ...burnerApp(hotFlag),
    instances: 1,
    labels: { ...labels, 'autopilot.maxInstances': '2' },
  });
  // Idle with two instances (scale wants one) but never healthy inside a long grace period: its deployment never
  // finishes, so every decision is blocked by it.
  await marathon.putApp(STUCK, {
    cmd: 'sleep 600',
    cpus: 0.05,
    mem: 16,
    instances: 2,
    labels: { ...labels, 'autopilot.minInstances': '1' },
    healthChecks: [{ protocol: 'TCP', portIndex: 0, gracePeriodSeconds: 3600, intervalSeconds: 1, timeoutSeconds: 1 }],
  });
  s3 = localS3Client(stack);
  statsQueue = statsQueueSender(stack);
  runner = await startLoopRunner(stack, cluster, dataDir, true);
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  statsQueue?.destroy();
  await runner?.stop();
  await cluster?.stop();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('saved queries over the local stack’s log files', () => {
  it('find deploy outcomes, decisions, blocked decisions and collector failures the real handlers logged', async () => {
    const example = await selectExampleBundle({ kind: 'fallback', outDir: dataDir });
    await s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: 'incoming/web.tar.gz', Body: await readFile(example.path) }),
    );
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: 'incoming/broken.tar.gz', Body: 'not gzip' }));
    await waitForLine('deploy', 'a deployed bundle', (line) => line.outcome === DEPLOY_OUTCOMES.deployed);
    await waitForLine('deploy', 'a rejected bundle', (line) => line.outcome === DEPLOY_OUTCOMES.rejected);
    // The same bytes again: nothing to deploy.
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'incoming/web-again.tar.gz',
        Body: await readFile(example.path),
      }),
    );
    await waitForLine('deploy', 'an unchanged bundle', (line) => line.outcome === DEPLOY_OUTCOMES.unchanged);
    await waitForLine(
      'scale',
      'a scale-up',
      (line) => line.message === SCALE_LOG.decision && line.appId === HOT && line.action === SCALE_ACTIONS.up,
    );
    await waitForLine(
      'scale',
      'a decision blocked by the deployment',
      (line) => line.appId === STUCK && line.blockedBy === SCALE_BLOCKED_BY.deployment,
    );
    // Last: the cluster goes away, so collect cannot list apps (its invocations fail) and scale cannot read the
    // app a usage message is about; a malformed message goes to the DLQ.
    await cluster.stop();
    await waitForLine(
      'collect',
      'a failed collect invocation',
      (line) => line.message === LAMBDA_RUNTIME_LOG.invokeError,
    );
    await statsQueue.send(
      JSON.stringify(usageMessage(HOT, 'after-stop', new Date().toISOString(), 1, 0.5)),
      HOT,
      `${HOT}:after-stop`,
    );
    await statsQueue.send('{"version": 1, "appId": "no-slash"}', '/obs/broken', '/obs/broken:1');
    await waitForLine('scale', 'a failed scale', (line) => line.message === SCALE_LOG.failed);
    await waitForLine('scale', 'a poison message', (line) => line.message === SCALE_LOG.poison);
    logs = await readLogs();

    const run = (name: string) => {
      const query = SAVED_QUERIES.find((saved) => saved.name === name);
      if (!query) throw new Error(`no saved query ${name}`);
      return runQuery(
        query.query,
        query.functions.flatMap((fn) => logs[fn]),
      );
    };
    expect(run('scaling-decisions').map((row) => row.appId)).toEqual(expect.arrayContaining([HOT, STUCK]));
    expect(run('scaling-actions')).toContainEqual(
      expect.objectContaining({ appId: HOT, action: SCALE_ACTIONS.up, current: 1, desired: 2 }),
    );
    expect(run('scaling-actions').every((row) => row.action !== SCALE_ACTIONS.none)).toBe(true);
    expect(run('scaling-decision-summary')).toContainEqual(
      expect.objectContaining({ appId: STUCK, blockedBy: SCALE_BLOCKED_BY.deployment }),
    );
    expect(run('deploy-outcomes').map((row) => row.outcome)).toEqual(
      expect.arrayContaining([
        DEPLOY_OUTCOMES.accepted,
        DEPLOY_OUTCOMES.deployed,
        DEPLOY_OUTCOMES.unchanged,
        DEPLOY_OUTCOMES.rejected,
      ]),
    );
    // Each outcome's message text is the declared one, except the rejected line's (its `message` is the reason).
    for (const line of logs.deploy.map((text) => JSON.parse(text) as Record<string, unknown>)) {
      const outcome = line.outcome as keyof typeof DEPLOY_LOG | undefined;
      if (outcome && outcome !== DEPLOY_OUTCOMES.rejected) expect(line.message).toBe(DEPLOY_LOG[outcome]);
    }
    expect(run('rejected-bundles')).toEqual([
      expect.objectContaining({ key: 'incoming/broken.tar.gz', code: 'BUNDLE_NOT_GZIP' }),
    ]);
    const cycles = run('collector-cycles');
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles.every((row) => typeof row.cycleId === 'string' && typeof row.apps === 'number')).toBe(true);
    expect(run('scale-problems').map((row) => row.message)).toEqual(
      expect.arrayContaining([SCALE_LOG.failed, SCALE_LOG.poison]),
    );
    const failures = run('collector-failures');
    expect(failures).toContainEqual(
      expect.objectContaining({ level: LOG_LEVELS.error, message: LAMBDA_RUNTIME_LOG.invokeError }),
    );
    expect(failures.every((row) => row.level !== LOG_LEVELS.info)).toBe(true);

    // Every field the queries name is one the real handlers wrote in this run, except those of per-agent trouble:
    // the stand-in relaunches a stopped agent's tasks at once, so test/unit/observability drives the real collect
    // cycle with an agent down and a send failure for those.
    for (const query of SAVED_QUERIES) {
      const written = new Set(query.functions.flatMap((fn) => logs[fn]).flatMap(fieldNames));
      const notReproduced: string[] = query.name === 'collector-failures' ? Object.values(COLLECT_PROBLEM_FIELDS) : [];
      const missing = [...parseQuery(query.query).fieldRefs].filter(
        (field) => !written.has(field) && !notReproduced.includes(field),
      );
      expect({ query: query.name, missing }).toEqual({ query: query.name, missing: [] });
    }
  }, 180_000);

  it('feeds every metric filter from lines the real handlers wrote', () => {
    for (const filter of METRIC_FILTERS) {
      const matched = logs[filter.fn].filter((line) => metricPatternMatches(filter.pattern, line));
      expect({ filter: filter.id, matched: matched.length > 0 }).toEqual({ filter: filter.id, matched: true });
    }
  });
});
