import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type LocalAws, localBucketOptions, localS3Client, startLocalAws } from '#local/aws/index.ts';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { type Dashboard, startDashboard } from '#local/dashboard/index.ts';
import { selectExampleBundle } from '#local/example/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { waitFor } from './wait-for.ts';

/**
 * The local stack a dashboard test or benchmark looks at, through the real pipeline: s3rver + fauxqs (local/aws),
 * the stand-in with 3 agents, and the local runner's deploy function on S3 events. The example bundle is uploaded
 * to `incoming/` and deployed by the deploy function (records, current digest, `autopilot.digest` label); a broken
 * upload leaves a real rejection. Collect and scale do not run (they would fight the manual scales the tests make):
 * their decision lines are written to `<dataDir>/logs/scale.log` in the scale function's format instead. The
 * dashboard gets the stand-in's agent stop/start as its hook.
 */

const APP_ID = '/rest-app';
const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

interface DashboardStack {
  appId: string;
  /** The instance count of the example's manifest, running once the stack is up. */
  initialInstances: number;
  digest: string;
  /** 'prebuilt' or 'fallback': which example bundle was deployed. */
  bundleKind: string;
  dashboard: Dashboard;
  cluster: LocalCluster;
  marathon: MarathonClient;
  logsDir: string;
  /** Resolves when Marathon has no deployment for the app and runs `instances` tasks. */
  waitForInstances(instances: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The target policy's parameters as the scale function logs them, for the example's manifest (target 60 %, 1 to 5). */
const PARAMS = {
  enabled: true,
  minInstances: 1,
  maxInstances: 5,
  cooldownS: 0,
  dryRun: false,
  targetCpu: 60,
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
  const figure = `mean CPU ${(cpu * 100).toFixed(1)} % vs target 60 %`;
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
      overloaded: cpu > 0.9 ? current : 0,
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

/** Ten minutes of a load spike: 1 → 3 instances and back to 1, one decision every minute. */
function sampleDecisionLines(now = Date.now()): string[] {
  const steps: Array<[current: number, desired: number, cpu: number]> = [
    [1, 1, 0.55],
    [1, 2, 0.97],
    [2, 3, 0.85],
    [3, 3, 0.62],
    [3, 3, 0.58],
    [3, 2, 0.33],
    [2, 2, 0.55],
    [2, 1, 0.22],
    [1, 1, 0.57],
  ];
  return steps.map(([current, desired, cpu], i) =>
    decisionLine(new Date(now - (steps.length - i) * 60_000), { current, desired, cpu, applied: true }),
  );
}

async function upload(aws: LocalAws, key: string, body: Buffer | string): Promise<void> {
  const s3 = localS3Client(aws);
  try {
    await s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  } finally {
    s3.destroy();
  }
}

async function startDashboardStack(options: { agents?: number } = {}): Promise<DashboardStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dashboard-stack-'));
  const logsDir = path.join(dataDir, 'logs');
  let aws: LocalAws | undefined;
  let cluster: LocalCluster | undefined;
  let runner: LocalRunner | undefined;
  let dashboard: Dashboard | undefined;
  const stop = async () => {
    await dashboard?.stop();
    await runner?.stop();
    await cluster?.stop();
    await aws?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    aws = await startLocalAws({ dataDir });
    cluster = await startCluster({ agents: options.agents ?? 3, killGracePeriodMs: 300 });
    runner = await startLocalRunner({
      stack: aws,
      dataDir,
      env: { MARATHON_URL: cluster.marathonUrl, MESOS_MASTER_URL: cluster.mesosMasterUrl },
      triggers: { s3: true, schedule: false, sqs: false },
    });
    const marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts });
    const example = await selectExampleBundle({ kind: 'prebuilt', outDir: dataDir }).catch(() =>
      selectExampleBundle({ kind: 'fallback', outDir: dataDir }),
    );
    const started = runner;
    const deployed = (key: string) =>
      started.waitForInvocation((r) => r.name === 'deploy' && JSON.stringify(r.event).includes(key), 30_000);

    await upload(aws, 'incoming/rest-app.tar.gz', await readFile(example.path));
    const invocation = await deployed('incoming/rest-app.tar.gz');
    if (invocation.error) throw new Error(`the deploy function failed: ${invocation.error.message}`);
    const waitForInstances = async (instances: number, timeoutMs = 30_000) => {
      await waitFor(
        async () => {
          const app = await marathon.getApp(APP_ID);
          return (
            app &&
            (app.deployments?.length ?? 0) === 0 &&
            app.tasksRunning === instances &&
            app.tasksHealthy === instances &&
            app.instances === instances
          );
        },
        { timeoutMs, what: `${instances} running, healthy instances of ${APP_ID}` },
      );
    };
    const app = await marathon.getApp(APP_ID);
    const initialInstances = app?.instances ?? 1;
    await waitForInstances(initialInstances);
    // Not gzip: the deploy function records a rejection naming no app (it could not read the manifest).
    await upload(aws, 'incoming/rest-app-v2.tar.gz', 'not a gzip stream');
    await deployed('incoming/rest-app-v2.tar.gz');
    await writeFile(path.join(logsDir, 'scale.log'), `${sampleDecisionLines().join('\n')}\n`);

    dashboard = await startDashboard({
      marathonUrl: cluster.marathonUrl,
      mesosMasterUrl: cluster.mesosMasterUrl,
      s3: localBucketOptions(aws),
      logsDir,
      agentControl: {
        stop: (id) => (cluster as LocalCluster).stopAgent(id),
        start: (id) => (cluster as LocalCluster).startAgent(id),
      },
      refreshMs: 1_000,
    });
    return {
      appId: APP_ID,
      initialInstances,
      digest: app?.labels?.['autopilot.digest'] ?? '',
      bundleKind: example.kind,
      dashboard,
      cluster,
      marathon,
      logsDir,
      waitForInstances,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type { DashboardStack };
export { decisionLine, sampleDecisionLines, startDashboardStack };
