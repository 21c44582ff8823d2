/**
 * Benchmark of the collect cycle: 1000 simulated agents × 10 tasks on loopback, each answering after 20 ms.
 * Runs the real cycle (bounded pool, AGENT_CONCURRENCY) and the same code polling sequentially (pool of 1),
 * in the same run against the same agents, and reports the ratio and the collector's peak RSS.
 * Three processes: this orchestrator, the simulated cluster (collect-fake-cluster.ts) and the collector
 * (collect-runner.ts, bundled with esbuild like the Lambda), so the RSS measured is the collector's alone.
 * Usage: npm run bench:collect [-- agents tasksPerAgent latencyMs]
 * Writes bench/results/collect.json and bench/results/collect.md.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { CollectSummary } from '#shared/collect/index.ts';
import { ConfigSchema } from '#shared/config/index.ts';
import { goalMet, writeBenchResult } from './lib/results.ts';

const [agentsArg = '1000', tasksArg = '10', latencyArg = '20'] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const GOAL_RATIO = 20;
const GOAL_RSS_MB = 256;
const CONCURRENCY = ConfigSchema.shape.AGENT_CONCURRENCY.parse(undefined);

interface Ready {
  marathonUrl: string;
  masterUrl: string;
  s3Endpoint: string;
  bucket: string;
  sqsEndpoint: string;
  queueUrl: string;
  tasks: number;
}
interface CycleReport {
  cycleId: string;
  ms: number;
  summary: CollectSummary;
  rssBytes: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function startCluster(): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(join(here, 'collect-fake-cluster.ts'), [agentsArg, tasksArg, latencyArg], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake cluster exited with ${code}`)));
    child.on('message', (message: { ready?: Ready; requests?: number }) => {
      if (message.ready) resolve({ child, ready: message.ready });
      if (message.requests !== undefined) console.log(`  … agent requests served so far: ${message.requests}`);
    });
  });
}

async function bundleRunner(): Promise<string> {
  const outfile = join(here, '.tmp', 'collect-runner.mjs');
  await build({
    entryPoints: [join(here, 'collect-runner.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    // Some SDK dependencies are CommonJS that call require(); give the ESM bundle one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

/** Runs `cycles` in a fresh collector process; resolves with each cycle's report and the process's peak RSS. */
function runCollector(runner: string, ready: Ready, concurrency: number, cycles: string[], execArgv: string[] = []) {
  const env = {
    BUNDLE_BUCKET: ready.bucket,
    STATS_QUEUE_URL: ready.queueUrl,
    S3_ENDPOINT_URL: ready.s3Endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    SQS_ENDPOINT_URL: ready.sqsEndpoint,
    MARATHON_URL: ready.marathonUrl,
    MESOS_MASTER_URL: ready.masterUrl,
    AGENT_CONCURRENCY: String(concurrency),
    SECOND_SAMPLE_DELAY_MS: '500',
  };
  const child = fork(runner, [JSON.stringify({ env, cycles })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const reports: CycleReport[] = [];
  return new Promise<{ reports: CycleReport[]; peakRssBytes: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`collector exited with ${code} before finishing`)));
    child.on('message', (message: { cycle?: CycleReport; done?: { peakRssBytes: number } }) => {
      if (message.cycle) {
        const { cycleId, ms, summary, rssBytes } = message.cycle;
        console.log(`✔ cycle ${cycleId}: ${ms} ms, phases ${JSON.stringify(summary.phasesMs)}, rss ${mb(rssBytes)} MB`);
        reports.push(message.cycle);
      }
      if (message.done) resolve({ reports, peakRssBytes: message.done.peakRssBytes });
    });
  });
}

console.log(`starting simulated cluster: ${agentsArg} agents × ${tasksArg} tasks, ${latencyArg} ms latency`);
const [{ child: cluster, ready }, runner] = await Promise.all([startCluster(), bundleRunner()]);
console.log(`cluster ready: ${ready.tasks} tasks; collector bundled`);

console.log(
  `▶ bounded pool (AGENT_CONCURRENCY=${CONCURRENCY}): warm-up cycle (no counters: two samples), then one timed`,
);
const pool = await runCollector(runner, ready, CONCURRENCY, ['warm', 'pool']);
console.log('▶ sequential reference (same code, pool of 1), fresh process');
const sequential = await runCollector(runner, ready, 1, ['sequential']);
// Most of the peak RSS is V8 growing its young generation under the cycle's allocation bursts, not live data;
// a smaller semi-space shows what the collector needs when memory is tight (an option for NODE_OPTIONS).
const SEMI_SPACE_FLAG = '--max-semi-space-size=4';
console.log(`▶ bounded pool again, fresh process with ${SEMI_SPACE_FLAG}`);
const tuned = await runCollector(runner, ready, CONCURRENCY, ['tuned-warm', 'tuned'], [SEMI_SPACE_FLAG]);
cluster.disconnect();

const [warm, fast] = pool.reports as [CycleReport, CycleReport];
const [slow] = sequential.reports as [CycleReport];
const [, tunedCycle] = tuned.reports;
const speedup = (slowMs: number, fastMs: number) => Math.round((slowMs / fastMs) * 10) / 10;
const result = await writeBenchResult({
  name: 'collect',
  title: `collect: ${agentsArg} agents × ${tasksArg} tasks, ${latencyArg} ms per agent, on loopback`,
  figures: [
    {
      name: `cycle time, bounded pool (AGENT_CONCURRENCY=${CONCURRENCY})`,
      value: fast.ms,
      unit: 'ms',
      baseline: { name: 'same code, pool of 1', value: slow.ms },
      ratio: speedup(slow.ms, fast.ms),
      goal: { op: '>=', target: GOAL_RATIO, on: 'ratio' },
    },
    {
      name: 'poll phase only',
      value: fast.summary.phasesMs.poll,
      unit: 'ms',
      baseline: { name: 'pool of 1', value: slow.summary.phasesMs.poll },
      ratio: speedup(slow.summary.phasesMs.poll, fast.summary.phasesMs.poll),
    },
    {
      name: 'peak RSS of the collector process',
      value: mb(pool.peakRssBytes),
      unit: 'MB',
      goal: { op: '<', target: GOAL_RSS_MB, on: 'value' },
    },
    { name: `peak RSS with NODE_OPTIONS=${SEMI_SPACE_FLAG}`, value: mb(tuned.peakRssBytes), unit: 'MB' },
    { name: 'warm-up cycle (no counters: two samples 500 ms apart)', value: warm.ms, unit: 'ms' },
  ],
  notes: [
    `${ready.tasks} tasks on ${agentsArg} agents bound to distinct loopback addresses (127.0.x.y), each answering /monitor/statistics.json after ${latencyArg} ms; 100 apps.`,
    "Three processes: the orchestrator; the simulated cluster (agents, Marathon, master, s3rver, fauxqs); the collector, bundled with esbuild as deployed, so the RSS is the collector's alone (kernel high-water mark and 10 ms samples).",
    'Each cycle: list apps with tasks, list agents, load counters (S3), poll every agent once, send one message per app (SQS FIFO, batched), save counters.',
    `Timed cycle phases (ms): ${JSON.stringify(fast.summary.phasesMs)}; sequential: ${JSON.stringify(slow.summary.phasesMs)}.`,
    `Sequential reference ran in a fresh process (peak RSS ${mb(sequential.peakRssBytes)} MB). With ${SEMI_SPACE_FLAG} the timed cycle took ${tunedCycle?.ms} ms: most of the default peak is V8 growing its young generation under allocation bursts, not live data.`,
    `${cpus().length} CPUs shared by the simulated cluster and the collector: timings vary by about ±20 % between runs.`,
  ],
});
console.log(
  `\n${result.figures.map((f) => `${f.name}: ${f.value} ${f.unit}${f.ratio ? ` (${f.ratio}×)` : ''}`).join('\n')}`,
);
const met = result.figures.every((figure) => goalMet(figure) !== false);
console.log(met ? 'goals met' : 'GOALS NOT MET');
process.exit(met ? 0 : 1);
