/**
 * Cold start per function: the zipped artifact size from `npm run package` (goal ≤ 1 MB) and the time to import
 * the bundled handler in a fresh Node process (goal < 150 ms), over several runs. The baseline is the import of an
 * empty ES module in the same kind of fresh process, so the figure is the handler's own cost.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Figure, writeBenchResult } from './lib/results.ts';

const RUNS = 9;
const FUNCTIONS = ['deploy', 'collect', 'scale'] as const;
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'autopilot-cold-start-'));

/** Loopback-only placeholder configuration: importing a handler parses config at module scope, it calls nothing. */
const env = {
  PATH: process.env.PATH,
  BUNDLE_BUCKET: 'bench-bucket',
  STATS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/stats.fifo',
  STATS_DLQ_URL: 'http://127.0.0.1:9/000000000000/stats-dlq.fifo',
  MARATHON_URL: 'http://127.0.0.1:9',
  MESOS_MASTER_URL: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
};

function importMs(file: string): number {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t0));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
  return Number(run.stdout);
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

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
  const baseline = stats(Array.from({ length: RUNS }, () => importMs(empty)));

  const figures: Figure[] = [];
  const notes: string[] = [
    `${RUNS} fresh Node ${process.version} processes per function; import time measured inside each.`,
  ];
  for (const name of FUNCTIONS) {
    const zip = join(outDir, `${name}.zip`);
    const bytes = statSync(zip).size;
    const dir = join(work, name);
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', zip, dir], { encoding: 'utf8' });
    if (unzip.status !== 0) throw new Error(`unzip ${zip} failed: ${unzip.stderr}`);
    const handlerDir = join(dir, 'functions', name);
    const handler = join(handlerDir, readdirSync(handlerDir).find((f) => /^handler\.m?js$/.test(f)) ?? 'handler.mjs');
    const samples = Array.from({ length: RUNS }, (_, i) => {
      process.stdout.write(`\r${name}: import ${i + 1}/${RUNS}`);
      return importMs(handler);
    });
    process.stdout.write('\n');
    const t = stats(samples);
    figures.push({
      name: `${name}: zipped artifact`,
      value: bytes / 1e6,
      unit: 'MB',
      goal: { op: '<=', target: 1, on: 'value' },
    });
    figures.push({
      name: `${name}: handler import, median`,
      value: t.median,
      unit: 'ms',
      baseline: { name: 'empty module import, median', value: baseline.median },
      ratio: t.median / baseline.median,
      goal: { op: '<', target: 150, on: 'value' },
    });
    notes.push(
      `${name}: import min/median/max ${t.min.toFixed(1)} / ${t.median.toFixed(1)} / ${t.max.toFixed(1)} ms; zip ${(bytes / 1024).toFixed(1)} KiB`,
    );
  }
  notes.push(
    `baseline (empty module) min/median/max ${baseline.min.toFixed(2)} / ${baseline.median.toFixed(2)} / ${baseline.max.toFixed(2)} ms`,
  );
  await writeBenchResult({
    name: 'cold-start',
    title: 'Cold start: artifact size and handler import time',
    figures,
    notes,
  });
  console.log(notes.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
