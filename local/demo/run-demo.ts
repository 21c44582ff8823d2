import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localS3Client } from '#local/aws/index.ts';
import { selectExampleBundle } from '#local/example/index.ts';
import { formatDecision, isChange } from '#shared/logging/decision-line.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { waitForAnswer } from './app-endpoints.ts';
import { type StartOptions, type StartOptionsInput, StartOptionsSchema } from './args.ts';
import { MIN_INSTANCES, writeDemoBundle } from './demo-bundle.ts';
import { spreadLoad } from './spread-load.ts';
import { type DemoStack, startDemoStack } from './stack.ts';
import { DecisionWatch, type DeployOutcomeLine, waitForDeployOutcome } from './watch.ts';

/**
 * `npm start` as a function: starts the stack, then runs the scenario (upload → deploy → answer → load → scale up →
 * stop load → scale down) in the background. `stop()` ends the scenario and stops every piece; the end-to-end test
 * calls this in-process, local/start.ts wraps it with signals and exit codes.
 */
interface ScenarioResult {
  bundleKind: string;
  key: string;
  deploy: DeployOutcomeLine;
  answer: { url: string; body: unknown; waitedMs: number };
  /** Set when the load ran: the decisions it waited for. */
  scaledUpTo?: number;
  scaledDownTo?: number;
}

interface DemoHandle {
  stack: DemoStack;
  options: StartOptions;
  decisions: DecisionWatch;
  /** Settles once the scripted scenario is over (the stack keeps running until `stop()`). */
  scenario: Promise<ScenarioResult>;
  stop(): Promise<void>;
}

interface DemoIo {
  /** One finished line for the screen. **Default:** console.log */
  print?: (line: string) => void;
}

const LOAD_PATH_MS = 20;

async function runDemo(input: StartOptionsInput, io: DemoIo = {}): Promise<DemoHandle> {
  const options = StartOptionsSchema.parse(input);
  const print = io.print ?? ((line: string) => console.log(line));
  const stack = await startDemoStack({
    dataDir: options.dataDir,
    agents: options.agents,
    scheduleMs: options.scheduleMs,
    dashboard: options.dashboard,
  });
  print('local stack:');
  for (const line of stack.describe()) print(`  ${line}`);

  if (options.verbose) stack.runner.on('log', (name, line) => print(`  [${name}] ${line}`));
  const decisions = new DecisionWatch(stack.runner, (decision) => {
    if (options.verbose || isChange(decision) || decision.applyError) {
      print(`decision  ${formatDecision(decision)}`);
    }
  });
  const abort = new AbortController();
  const scenario = runScenario(stack, options, decisions, abort.signal, print);
  // Nobody may be awaiting it yet (start.ts does, the test does); an unhandled rejection must not kill the process.
  scenario.catch(() => undefined);

  let stopped: Promise<void> | undefined;
  return {
    stack,
    options,
    decisions,
    scenario,
    stop() {
      stopped ??= (async () => {
        abort.abort();
        await scenario.catch(() => undefined);
        decisions.close();
        await stack.stop();
      })();
      return stopped;
    },
  };
}

async function runScenario(
  stack: DemoStack,
  options: StartOptions,
  decisions: DecisionWatch,
  signal: AbortSignal,
  print: (line: string) => void,
): Promise<ScenarioResult> {
  const deadline = Date.now() + options.scenarioTimeoutMs;
  const left = () => Math.max(1_000, deadline - Date.now());
  const exampleDir = join(options.dataDir, 'example');
  const selected = await selectExampleBundle({
    outDir: exampleDir,
    ...(options.example ? { kind: options.example } : {}),
  });
  print(`example app: ${selected.kind} (${selected.why})`);
  const bundle = await writeDemoBundle(selected.path, exampleDir, {
    policy: options.policy,
    scheduleMs: options.scheduleMs,
  });
  const policyNote =
    options.policy && options.policy !== bundle.manifestPolicy
      ? ` (--policy; manifest says ${bundle.manifestPolicy})`
      : '';
  print(
    `autoscaling: ${JSON.stringify(bundle.autoscaling)}${policyNote}, windows shortened for the ${options.scheduleMs} ms schedule`,
  );

  const s3 = localS3Client(stack.aws);
  const key = `${stack.file.incomingPrefix}${bundle.appId}-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
  const outcome = waitForDeployOutcome(stack.runner, key, Math.min(left(), 120_000), signal);
  outcome.catch(() => undefined);
  const body = await readFile(bundle.path);
  await s3.send(
    new PutObjectCommand({ Bucket: stack.aws.bucket, Key: key, Body: body, ContentType: 'application/gzip' }),
    {
      abortSignal: signal,
    },
  );
  s3.destroy();
  print(`uploaded  s3://${stack.aws.bucket}/${key} (${body.length} bytes)`);
  const deploy = await outcome;
  print(`deploy    ${describeOutcome(deploy)}`);
  if (deploy.outcome === 'rejected' || deploy.outcome === 'failed') {
    throw new Error(`deploy ${deploy.outcome}: ${deploy.code ?? ''} ${deploy.message ?? ''}`.trim());
  }

  const marathon = new MarathonClient({
    baseUrl: stack.cluster.marathonUrl,
    timeouts: { connectTimeoutMs: 1_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
  });
  const answer = await waitForAnswer(marathon, bundle.appId, { timeoutMs: Math.min(left(), 60_000), signal });
  print(`app       ${answer.url}/ answers ${JSON.stringify(answer.body)} (${answer.waitedMs} ms after the deploy)`);
  const result: ScenarioResult = { bundleKind: selected.kind, key, deploy, answer };
  if (!options.load) {
    print('no scripted load (--no-load): the stack keeps running; Ctrl-C stops it');
    return result;
  }

  const holdMs = options.holdMs ?? 4 * options.scheduleMs;
  const loadAbort = new AbortController();
  const stopLoad = () => loadAbort.abort();
  signal.addEventListener('abort', stopLoad, { once: true });
  const scaleUp = decisions.next('scale-up', Math.min(left(), options.loadMs), 'while the load ran', signal);
  scaleUp.catch(() => undefined);
  print(
    `load      ${options.loadRate} req/s of GET /load?ms=${LOAD_PATH_MS} spread over the app's healthy tasks, at most ${options.loadMs} ms`,
  );
  const load = spreadLoad({
    marathon,
    appId: bundle.appId,
    path: `/load?ms=${LOAD_PATH_MS}`,
    ratePerSec: options.loadRate,
    durationMs: options.loadMs,
    signal: loadAbort.signal,
  });
  try {
    const up = await scaleUp;
    result.scaledUpTo = up.desired;
    // Keep the load on a little so the new instances start and take their share, then stop it.
    await sleep(holdMs, undefined, { signal });
  } finally {
    stopLoad();
    const totals = await load;
    print(
      `load      stopped after ${Math.round(totals.elapsedMs / 1000)} s: ${totals.ok} ok, ${totals.errors} errors, spread over up to ${totals.maxInstances} instance(s)`,
    );
  }
  signal.throwIfAborted();
  result.scaledUpTo = Math.max(result.scaledUpTo ?? 0, ...decisions.decisions.filter(isChange).map((d) => d.desired));
  // Follow the scale-downs to the minimum; one is enough when the rest do not come in time.
  let down = await decisions.next('scale-down', left(), 'after the load stopped', signal);
  while (down.desired > MIN_INSTANCES) {
    const next = await decisions
      .next('scale-down', Math.min(left(), 10 * options.scheduleMs), 'to the minimum', signal)
      .catch(() => undefined);
    if (!next) break;
    down = next;
  }
  result.scaledDownTo = down.desired;
  print(`scenario  done: scaled up to ${result.scaledUpTo}, back down to ${result.scaledDownTo} once the load stopped`);
  return result;
}

function describeOutcome(line: DeployOutcomeLine): string {
  switch (line.outcome) {
    case 'deployed':
      return `deployed ${line.appId} ${line.digest?.slice(0, 12) ?? ''} (Marathon deployment ${line.deploymentId ?? '?'}, ${line.durationMs ?? '?'} ms)`;
    case 'unchanged':
      return `unchanged ${line.appId}: ${line.reason}`;
    case 'rejected':
      return `rejected: ${line.code}: ${line.message}`;
    case 'failed':
      return `failed: ${line.code ?? ''} (see logs/deploy.log)`;
  }
}

export type { DemoHandle, DemoIo, ScenarioResult };
export { runDemo };
