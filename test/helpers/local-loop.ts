import { type LocalAws, startLocalAws } from '#local/aws/index.ts';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { type LocalRunner, startLocalRunner } from '#local/runner/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';

/**
 * The whole collect → SQS → scale loop on the local stack (local/aws + local/cluster + local/runner), as the
 * end-to-end tests start it, and the CPU-burning task they load it with.
 */

const loopTimeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

// 15 ms busy per 100 ms (0.15 of a core) while the flag file exists, idle otherwise. With cpus 0.1 the stand-in
// reports cpus_limit 0.2, so a hot task runs at 75 % of its limit: above target 50 % (tolerance 12 %).
const BURNER = [
  "const { existsSync } = require('node:fs');",
  'const tick = () => {',
  '  if (existsSync(process.env.HOT_FLAG)) { const end = Date.now() + 15; while (Date.now() < end) {} }',
  '  setTimeout(tick, 85);',
  '};',
  'tick();',
].join(' ');

/** The app fields of a task that burns CPU while `hotFlag` exists (labels and instances are the test's). */
function burnerApp(hotFlag: string) {
  return { cmd: `'${process.execPath}' -e "${BURNER}"`, cpus: 0.1, mem: 64, env: { HOT_FLAG: hotFlag } };
}

interface StackAndCluster {
  stack: LocalAws;
  cluster: LocalCluster;
  marathon: MarathonClient;
}

/** Local AWS in `dataDir` and a stand-in cluster of `agents` agents (2 cpus, 2 GiB each), started together. */
async function startStackAndCluster(dataDir: string, agents: number): Promise<StackAndCluster> {
  const [stack, cluster] = await Promise.all([
    startLocalAws({ dataDir }),
    startCluster({ agents, agentResources: { cpus: 2, mem: 2048 }, killGracePeriodMs: 200 }),
  ]);
  const marathon = new MarathonClient({ baseUrl: cluster.marathonUrl, timeouts: loopTimeouts });
  return { stack, cluster, marathon };
}

/** The runner with collect every 2 s (second sample after 1 s) and scale polling the queue; S3 trigger optional. */
function startLoopRunner(stack: LocalAws, cluster: LocalCluster, dataDir: string, s3: boolean): Promise<LocalRunner> {
  return startLocalRunner({
    stack,
    dataDir,
    env: {
      MARATHON_URL: cluster.marathonUrl,
      MESOS_MASTER_URL: cluster.mesosMasterUrl,
      SECOND_SAMPLE_DELAY_MS: '1000',
    },
    triggers: { s3, schedule: { intervalMs: 2_000 }, sqs: { waitTimeSeconds: 1 } },
  });
}

export type { StackAndCluster };
export { burnerApp, startLoopRunner, startStackAndCluster };
