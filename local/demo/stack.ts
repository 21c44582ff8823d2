import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type LocalAws, localBucketOptions, startLocalAws } from '#local/aws/index.ts';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { startDashboard } from '#local/dashboard/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { removeStackFile, type StackFile, writeStackFile } from './stack-file.ts';

/**
 * Everything `npm start` runs, started in dependency order and stopped in reverse: s3rver + fauxqs, the
 * Marathon/Mesos stand-in (tasks fetch bundles from s3rver over HTTP), then the three functions wired to both.
 * If any piece fails to start, the ones already started are stopped before the error is rethrown.
 */
interface DemoStackOptions {
  dataDir: string;
  agents: number;
  scheduleMs: number;
  /** Extra env for the functions, e.g. `LOG_LEVEL`. */
  env?: Record<string, string | undefined>;
  /** Also serve the dashboard (local/dashboard) on loopback. **Default:** true */
  dashboard?: boolean;
}

interface DemoStack {
  aws: LocalAws;
  cluster: LocalCluster;
  runner: LocalRunner;
  file: StackFile;
  /** Lines for the screen: one per component with its URL. */
  describe(): string[];
  stop(): Promise<void>;
}

async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const { dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const aws = await startLocalAws({ dataDir });
    stoppers.push(() => aws.stop());
    // Sandboxes of a previous run are useless (the stand-in forgets its apps on restart): start clean.
    const clusterDir = join(dataDir, 'cluster');
    await rm(clusterDir, { recursive: true, force: true });
    await mkdir(clusterDir, { recursive: true });
    const cluster = await startCluster({ agents: options.agents, dataDir: clusterDir, killGracePeriodMs: 1_000 });
    stoppers.push(() => cluster.stop());
    const runner = await startLocalRunner({
      stack: aws,
      dataDir,
      env: {
        MARATHON_URL: cluster.marathonUrl,
        MESOS_MASTER_URL: cluster.mesosMasterUrl,
        SECOND_SAMPLE_DELAY_MS: String(Math.min(1_000, Math.max(200, Math.round(options.scheduleMs / 4)))),
        ...options.env,
      },
      triggers: { schedule: { intervalMs: options.scheduleMs } },
    });
    stoppers.push(() => runner.stop());
    const dashboard =
      options.dashboard === false
        ? undefined
        : await startDashboard({
            marathonUrl: cluster.marathonUrl,
            mesosMasterUrl: cluster.mesosMasterUrl,
            s3: localBucketOptions(aws),
            logsDir: join(dataDir, 'logs'),
            // The page's stop/start buttons: watch Marathon move tasks off a stopped agent.
            agentControl: { stop: (id) => cluster.stopAgent(id), start: (id) => cluster.startAgent(id) },
          });
    if (dashboard) stoppers.push(() => dashboard.stop());
    const file: StackFile = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      region: aws.region,
      bucket: aws.bucket,
      incomingPrefix: aws.model.trigger.prefix,
      s3Endpoint: aws.s3Endpoint,
      sqsEndpoint: aws.sqsEndpoint,
      artifactBaseUrl: `${aws.s3Endpoint}/${aws.bucket}`,
      marathonUrl: cluster.marathonUrl,
      mesosMasterUrl: cluster.mesosMasterUrl,
      credentials: { ...aws.credentials },
      logDir: join(dataDir, 'logs'),
      ...(dashboard ? { dashboardUrl: dashboard.url } : {}),
    };
    await writeStackFile(dataDir, file);
    stoppers.push(() => removeStackFile(dataDir));
    return {
      aws,
      cluster,
      runner,
      file,
      describe: () => [
        `s3 (s3rver)       ${aws.s3Endpoint}/${aws.bucket}  (uploads under ${file.incomingPrefix})`,
        `sqs (fauxqs)      ${aws.sqsEndpoint}  queue ${aws.statsQueue.name}, DLQ ${aws.deadLetterQueue.name}`,
        `marathon          ${cluster.marathonUrl}`,
        `mesos master      ${cluster.mesosMasterUrl}`,
        ...cluster.agents.map((agent) => `mesos agent       ${agent.url}  ${agent.id}`),
        ...(dashboard ? [`dashboard         ${dashboard.url}  (open it in a browser)`] : []),
        `functions         deploy (S3 trigger), collect (every ${options.scheduleMs} ms), scale (SQS)  logs in ${file.logDir}`,
        `stack file        ${join(dataDir, 'stack.json')}  (the autopilot CLI reads it)`,
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export type { DemoStack, DemoStackOptions };
export { startDemoStack };
