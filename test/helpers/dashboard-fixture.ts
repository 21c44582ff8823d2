import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { type Dashboard, startDashboard } from '#local/dashboard/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { type LocalS3, pythonHttpBundle, startS3 } from './cluster-fixtures.ts';
import { waitFor } from './wait-for.ts';

/**
 * The local stack a dashboard test or benchmark looks at: the stand-in running a small python3 HTTP app (deployed
 * through MarathonClient.putApp from a bundle in s3rver, labelled with its digest as the deploy function does), the
 * deploy function's records and a rejection in the bucket, a few of the scale function's decision lines in
 * `<logsDir>/scale.log`, and the dashboard over all of it with the stand-in's agent stop/start as its hook.
 */

const APP_ID = '/rest-app';
const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

interface DashboardStack {
  appId: string;
  digest: string;
  dashboard: Dashboard;
  cluster: LocalCluster;
  s3: LocalS3;
  marathon: MarathonClient;
  logsDir: string;
  /** Resolves when Marathon has no deployment for the app and runs `instances` tasks. */
  waitForInstances(instances: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The target policy's parameters as the scale function logs them (defaults, maxInstances 6). */
const PARAMS = {
  enabled: true,
  minInstances: 1,
  maxInstances: 6,
  cooldownS: 0,
  dryRun: false,
  targetCpu: 80,
  tolerance: 0.12,
  upStabilisationS: 0,
  downStabilisationS: 240,
  upMaxPods: 4,
  upMaxPercent: 100,
  upPeriodS: 15,
  downMaxPercent: 100,
  downPeriodS: 15,
};

/**
 * A decision line as the scale function logs it (policy branch, shared/scale/process-message.ts), in the form of
 * the real lines in test/fixtures/dashboard/scale-log.jsonl, at a chosen time.
 */
function decisionLine(at: Date, fields: { current: number; desired: number; cpu: number; applied: boolean }): string {
  const { current, desired, cpu } = fields;
  const action = desired > current ? 'scale-up' : desired < current ? 'scale-down' : 'none';
  const reason = action === 'scale-up' ? 'above-target' : action === 'scale-down' ? 'below-target' : 'within-tolerance';
  const figure = `mean CPU ${(cpu * 100).toFixed(1)} % vs target 80 %`;
  return JSON.stringify({
    timestamp: at.toISOString(),
    level: 'info',
    service: 'marathon-autopilot',
    message: 'scaling decision',
    function: 'scale',
    appId: APP_ID,
    cycleId: `cycle-${at.getTime()}`,
    policy: 'target',
    params: PARAMS,
    observed: {
      cpuMean: cpu,
      cpuP90: Math.min(1, cpu * 1.1),
      memMean: 0.21,
      overloaded: cpu > 0.8 ? current : 0,
      samples: current,
      tasksMissing: 0,
    },
    current,
    desired,
    recommended: desired,
    action,
    reason,
    reasonText:
      action === 'none' ? `${figure}: within tolerance, keeps ${current}` : `${figure}: ${current} → ${desired}`,
    blockedBy: null,
    dryRun: false,
    deploymentId: fields.applied && action !== 'none' ? `d-${at.getTime()}` : null,
    applyError: null,
  });
}

/** Ten minutes of a load spike: 1 → 3 instances and back to 2, one decision every minute. */
function sampleDecisionLines(now = Date.now()): string[] {
  const steps: Array<[current: number, desired: number, cpu: number]> = [
    [1, 1, 0.35],
    [1, 1, 0.52],
    [1, 2, 0.97],
    [2, 3, 0.91],
    [3, 3, 0.78],
    [3, 3, 0.6],
    [3, 3, 0.41],
    [3, 2, 0.33],
    [2, 2, 0.5],
  ];
  return steps.map(([current, desired, cpu], i) =>
    decisionLine(new Date(now - (steps.length - i) * 60_000), { current, desired, cpu, applied: true }),
  );
}

async function writeDeployRecords(s3: LocalS3, digest: string, bundleKey: string): Promise<void> {
  const at = new Date(Date.now() - 11 * 60_000).toISOString();
  const recordKey = `deploys/rest-app/${at}-${digest.slice(0, 12)}.json`;
  const record = {
    kind: 'deploy',
    appId: 'rest-app',
    digest,
    bundleKey,
    sourceKey: 'incoming/rest-app.tar.gz',
    eventTime: at,
    who: 'local',
    at,
    manifest: { id: 'rest-app', cmd: './app/run.sh' },
    deploymentId: 'first-deploy',
    outcome: 'deployed',
  };
  await s3.put(recordKey, Buffer.from(JSON.stringify(record)));
  const pointer = { appId: 'rest-app', digest, recordKey, sourceKey: record.sourceKey, eventTime: at, at };
  await s3.put('deploys/rest-app/current.json', Buffer.from(JSON.stringify(pointer)));
  const rejectedAt = new Date(Date.now() - 4 * 60_000).toISOString();
  const rejection = {
    code: 'BUNDLE_MANIFEST_INVALID',
    message: 'marathon.json is invalid: mem: must be at least 32; fix the manifest and upload again',
    details: { problems: ['mem: must be at least 32'] },
    bucket: s3.bucket,
    key: 'incoming/rest-app-v2.tar.gz',
    who: 'local',
    appId: 'rest-app',
    at: rejectedAt,
  };
  await s3.put('rejected/incoming/rest-app-v2.tar.gz.json', Buffer.from(JSON.stringify(rejection)));
}

async function startDashboardStack(options: { agents?: number; instances?: number } = {}): Promise<DashboardStack> {
  const logsDir = await mkdtemp(path.join(tmpdir(), 'dashboard-logs-'));
  const s3 = await startS3('bundles');
  const cluster = await startCluster({ agents: options.agents ?? 3, killGracePeriodMs: 300 });
  const marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
  let dashboard: Dashboard | undefined;
  const stop = async () => {
    await dashboard?.stop();
    await cluster.stop();
    await s3.close();
    await rm(logsDir, { recursive: true, force: true });
  };
  try {
    const bundle = await pythonHttpBundle();
    const digest = createHash('sha256').update(bundle).digest('hex');
    const bundleKey = `bundles/rest-app/${digest}.tar.gz`;
    const uri = await s3.put(bundleKey, bundle);
    await writeDeployRecords(s3, digest, bundleKey);
    await writeFile(path.join(logsDir, 'scale.log'), `${sampleDecisionLines().join('\n')}\n`);
    await marathon.putApp(APP_ID, {
      cmd: './app/run.sh',
      cpus: 0.1,
      mem: 64,
      instances: options.instances ?? 2,
      labels: { 'autopilot.enabled': 'true', 'autopilot.digest': digest },
      fetch: [{ uri, extract: true }],
      healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0, intervalSeconds: 1, gracePeriodSeconds: 15 }],
    });
    const waitForInstances = async (instances: number, timeoutMs = 20_000) => {
      await waitFor(
        async () => {
          const app = await marathon.getApp(APP_ID);
          return (
            app && (app.deployments?.length ?? 0) === 0 && app.tasksRunning === instances && app.instances === instances
          );
        },
        { timeoutMs, what: `${instances} running instances of ${APP_ID}` },
      );
    };
    await waitForInstances(options.instances ?? 2);
    dashboard = await startDashboard({
      marathonUrl: cluster.marathonUrl,
      mesosMasterUrl: cluster.mesosMasterUrl,
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, forcePathStyle: true },
      logsDir,
      agentControl: { stop: (id) => cluster.stopAgent(id), start: (id) => cluster.startAgent(id) },
      refreshMs: 1_000,
    });
    return { appId: APP_ID, digest, dashboard, cluster, s3, marathon, logsDir, waitForInstances, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type { DashboardStack };
export { decisionLine, sampleDecisionLines, startDashboardStack };
