/**
 * Cold start per function: the zipped artifact size from `npm run package` (goal ≤ 1 MB), the time to import the
 * bundled handler in a fresh Node process (goal < 150 ms), and the time to import it AND run its first invocation
 * against loopback stand-ins (lib/cold-start-stand-ins.ts), so setup a handler defers to its first call (SSM
 * credentials, SDK clients, lazily built clients) is counted too. The baseline is the import of an empty ES module
 * in the same kind of fresh process. Each figure is the median of RUNS processes; min and max are in the notes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Bar, renderBarChart } from './lib/bar-chart.ts';
import { type FirstInvocation, startStandIns } from './lib/cold-start-stand-ins.ts';
import { type Figure, RESULTS_DIR, writeBenchResult } from './lib/results.ts';

const RUNS = 15;
const FUNCTIONS = ['deploy', 'collect', 'scale'] as const;
const MARKER = 'COLD-START-RESULT ';
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'autopilot-cold-start-'));

interface Sample {
  importMs: number;
  /** CPU time of the import (all threads): less sensitive than wall time to other load on the machine. */
  importCpuMs: number;
  firstMs?: number;
  outcome?: string;
}

/** One fresh Node process: import `file`, then (with `event`) call its handler once. Async: stand-ins run here. */
function coldRun(file: string, env: Record<string, string>, event?: unknown): Promise<Sample> {
  const script = `
const c0 = process.cpuUsage();
const t0 = performance.now();
const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
const importMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const result = { importMs, importCpuMs: (cpu.user + cpu.system) / 1000 };
const event = ${JSON.stringify(event ?? null)};
if (event !== null) {
  try {
    const answer = await handler(event, { getRemainingTimeInMillis: () => 30000, functionName: 'bench', awsRequestId: 'bench' });
    const failures = answer?.batchItemFailures?.length ?? 0;
    const problems = (answer?.agentsFailed?.length ?? 0) + (answer?.messagesFailed ?? 0);
    result.outcome = failures || problems ? 'handler reported failures: ' + JSON.stringify(answer).slice(0, 300) : 'ok';
  } catch (error) { result.outcome = 'handler threw: ' + error.message; }
  result.firstMs = performance.now() - t0;
}
process.stdout.write('\\n${MARKER}' + JSON.stringify(result) + '\\n');
process.exit(0); // keep-alive sockets would hold the process open
`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARKER));
      if (code !== 0 || !line) return reject(new Error(`cold run of ${file} failed (exit ${code}):\n${err}${out}`));
      resolve(JSON.parse(line.slice(MARKER.length)) as Sample);
    });
  });
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const describe = (s: ReturnType<typeof stats>) =>
  `${s.min.toFixed(1)} / ${s.median.toFixed(1)} / ${s.max.toFixed(1)} ms`;

const standIns = await startStandIns();
try {
  console.log('packaging (npm run package) ...');
  const outDir = join(work, 'package');
  const pack = spawnSync(process.execPath, [join(root, 'scripts/package.ts'), '--package', outDir], {
    cwd: root,
    encoding: 'utf8',
  });
  if (pack.status !== 0) throw new Error(`packaging failed:\n${pack.stdout}\n${pack.stderr}`);

  const empty = join(work, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const baselineSamples: number[] = [];
  for (let i = 0; i < RUNS; i++) baselineSamples.push((await coldRun(empty, {})).importMs);
  const baseline = stats(baselineSamples);
  const emptyBaseline = { name: 'empty module import, median', value: baseline.median };

  const figures: Figure[] = [];
  const bars: Bar[] = [];
  const notes: string[] = [
    `${RUNS} fresh Node ${process.version} processes per function; times measured inside each (import() of the bundled handler, then its first call).`,
    'First invocation: against loopback stand-ins in the bench process (s3rver, fauxqs, fake SSM, Marathon, Mesos master and agent); credentials read from SSM as on AWS; the loopback round trips are included. deploy: a new small seed bundle per run (download, validate, store, PUT); collect: 1 agent, 1 app; scale: 1 message, 1 app.',
  ];
  for (const name of FUNCTIONS) {
    const zip = join(outDir, `${name}.zip`);
    const bytes = statSync(zip).size;
    const dir = join(work, name);
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', zip, dir], { encoding: 'utf8' });
    if (unzip.status !== 0) throw new Error(`unzip ${zip} failed: ${unzip.stderr}`);
    const handlerDir = join(dir, 'functions', name);
    const handler = join(handlerDir, readdirSync(handlerDir).find((f) => /^handler\.m?js$/.test(f)) ?? 'handler.mjs');
    const first: FirstInvocation = standIns[name];
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      process.stdout.write(`\r${name}: cold run ${i + 1}/${RUNS}`);
      const sample = await coldRun(handler, first.env, await first.event(i));
      if (sample.outcome !== undefined && sample.outcome !== 'ok') {
        throw new Error(`${name}: first invocation did not succeed: ${sample.outcome}`);
      }
      samples.push(sample);
    }
    process.stdout.write('\n');
    const imports = stats(samples.map((s) => s.importMs));
    figures.push({
      name: `${name}: zipped artifact`,
      value: bytes / 1e6,
      unit: 'MB',
      goal: { op: '<=', target: 1, on: 'value' },
    });
    figures.push({
      name: `${name}: handler import, median`,
      value: imports.median,
      unit: 'ms',
      baseline: emptyBaseline,
      ratio: imports.median / baseline.median,
      goal: { op: '<', target: 150, on: 'value' },
    });
    const importCpu = stats(samples.map((s) => s.importCpuMs));
    notes.push(
      `${name}: import min/median/max ${describe(imports)} (CPU time ${describe(importCpu)}); zip ${(bytes / 1024).toFixed(1)} KiB`,
    );
    const firsts = stats(samples.map((s) => s.firstMs ?? Number.NaN));
    figures.push({
      name: `${name}: import + first invocation, median`,
      value: firsts.median,
      unit: 'ms',
      baseline: emptyBaseline,
      ratio: firsts.median / baseline.median,
    });
    notes.push(`${name}: import + first invocation min/median/max ${describe(firsts)}`);
    bars.push({ label: `${name}: handler import`, value: imports.median, min: imports.min, max: imports.max });
    bars.push({
      label: `${name}: import + first invocation`,
      value: firsts.median,
      min: firsts.min,
      max: firsts.max,
      colour: '#a0cbe8',
    });
  }
  if (standIns.deploy.puts() !== RUNS) {
    throw new Error(
      `deploy: expected ${RUNS} PUTs to Marathon (one per first invocation), saw ${standIns.deploy.puts()}`,
    );
  }
  notes.push(`baseline (empty module) min/median/max ${describe(baseline)}`);
  notes.push('![cold start per function: median, min–max whiskers](./cold-start.svg)');
  const chart = renderBarChart(bars, {
    title: `Cold start, ${RUNS} fresh processes per function (median, min–max)`,
    unit: 'ms',
    goal: { value: 150, label: 'import goal 150 ms' },
  });
  writeFileSync(join(RESULTS_DIR, 'cold-start.svg'), chart);
  await writeBenchResult({
    name: 'cold-start',
    title: 'Cold start: artifact size, handler import and first invocation',
    figures,
    notes,
  });
  console.log(notes.join('\n'));
} finally {
  await standIns.close();
  rmSync(work, { recursive: true, force: true });
}
