/**
 * `npm run bench:deploy`: validates a 200 MB bundle (incompressible data) from a file stream and reports
 * peak RSS growth (goal < 64 MiB) and throughput against `tar -tzf` + `sha256sum` on the same file, same run
 * (goal ≥ 0.8×: one streaming pass must not be much slower than the two tools that each do half the job).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { validateBundle } from '../shared/bundle/validate.ts';
import { measurePeakRss } from './lib/memory.ts';
import { writeBenchResult } from './lib/results.ts';

const TARGET_BYTES = 200 * 1024 * 1024;
const FILE_COUNT = 20;
const TMP = new URL('./.tmp/', import.meta.url).pathname;
const BUNDLE = `${TMP}deploy-200mb.tar.gz`;
const MiB = 1024 * 1024;

/** 20 files of random bytes plus the manifest, streamed through tar-stream and gzip to disk (never in memory). */
async function generateBundle(): Promise<void> {
  const existing = await stat(BUNDLE).catch(() => undefined);
  if (existing && existing.size >= TARGET_BYTES) return;
  await mkdir(TMP, { recursive: true });
  const pack = tarPack();
  const writing = pipeline(pack, createGzip({ level: 1 }), createWriteStream(BUNDLE));
  const manifest = JSON.stringify({ id: 'bench-app', cmd: './run', mem: 128, autoscaling: { policy: 'target' } });
  pack.entry({ name: 'marathon.json' }, manifest);
  const perFile = Math.ceil(TARGET_BYTES / FILE_COUNT);
  for (let i = 0; i < FILE_COUNT; i++) {
    const entry = pack.entry({ name: `data/blob-${i}.bin`, size: perFile });
    for (let written = 0; written < perFile; written += MiB) {
      if (!entry.write(randomBytes(Math.min(MiB, perFile - written)))) {
        await new Promise<void>((resolve) => entry.once('drain', () => resolve()));
      }
    }
    await new Promise<void>((resolve, reject) =>
      entry.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  pack.finalize();
  await writing;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} exited ${code}`)),
    );
  });
}

await generateBundle();
const SMALL = `${TMP}deploy-small.tar.gz`;
{
  const pack = tarPack();
  const writing = pipeline(pack, createGzip(), createWriteStream(SMALL));
  pack.entry(
    { name: 'marathon.json' },
    JSON.stringify({ id: 'warm-up', cmd: './run', autoscaling: { policy: 'target' } }),
  );
  pack.finalize();
  await writing;
}
const size = (await stat(BUNDLE)).size;
const limits = { maxEntries: 10_000, maxUncompressedBytes: 2 * 1024 ** 3, maxRatio: 100, manifestMaxBytes: 64 * 1024 };

// Warm the page cache so neither side pays for the first disk read.
await run('cat', [BUNDLE]);
// One small validation first: zod compiles its schemas and V8 its code on first use, a one-off per container
// (reported as its own figure) that is not the cost of streaming a big bundle.
const warmUp = await measurePeakRss(() => validateBundle(createReadStream(SMALL), limits));

// Three rounds, alternating ours and the tools: the memory goal is judged on the worst round, throughput on medians.
const ROUNDS = 3;
const rounds: { validateMs: number; growthMiB: number; toolsMs: number; digest: string }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  const measured = await measurePeakRss(() =>
    validateBundle(createReadStream(BUNDLE, { highWaterMark: 256 * 1024 }), limits),
  );
  const validateMs = performance.now() - started;
  const toolsMs = (await run('tar', ['-tzf', BUNDLE])) + (await run('sha256sum', [BUNDLE]));
  rounds.push({ validateMs, growthMiB: measured.growthMiB, toolsMs, digest: measured.result.digest });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const worstGrowthMiB = Math.max(...rounds.map((r) => r.growthMiB));
const ourMBs = size / MiB / (median(rounds.map((r) => r.validateMs)) / 1000);
const toolsMBs = size / MiB / (median(rounds.map((r) => r.toolsMs)) / 1000);
for (const r of rounds) {
  console.log(
    `validated ${(size / MiB).toFixed(0)} MiB in ${r.validateMs.toFixed(0)} ms; tar -tzf + sha256sum ${r.toolsMs.toFixed(0)} ms; ` +
      `peak RSS growth ${r.growthMiB.toFixed(1)} MiB; digest ${r.digest.slice(0, 12)}`,
  );
}

await writeBenchResult({
  name: 'deploy',
  title: 'Deploy: streaming validation of a 200 MB bundle',
  figures: [
    {
      name: `peak RSS growth while validating (worst of ${ROUNDS})`,
      value: worstGrowthMiB,
      unit: 'MiB',
      goal: { op: '<', target: 64, on: 'value' },
    },
    { name: 'peak RSS growth of a first, tiny validation (warm-up)', value: warmUp.growthMiB, unit: 'MiB' },
    {
      name: `throughput (sha256 + gunzip + tar checks, one pass; median of ${ROUNDS})`,
      value: ourMBs,
      unit: 'MiB/s',
      baseline: { name: 'tar -tzf + sha256sum', value: toolsMBs },
      ratio: ourMBs / toolsMBs,
      goal: { op: '>=', target: 0.8, on: 'ratio' },
    },
  ],
  notes: [
    `bundle: ${(size / MiB).toFixed(1)} MiB compressed (random bytes, gzip level 1), ${FILE_COUNT + 1} entries, read from a file stream with 256 KiB reads`,
    'peak RSS from the kernel high-water mark (VmHWM) reset before the run; baseline RSS includes Node and the loaded modules',
    'the warm-up (zod schema compilation, JIT) is paid once per Lambda container; the 200 MB figures are measured after it',
    'run the bench in a fresh process: the run that generates the bundle starts from a higher RSS and shows less growth',
    `per round (MiB): ${rounds.map((r) => r.growthMiB.toFixed(1)).join(', ')}; the first round's growth is dead stream chunks (reads, gunzip output) awaiting collection, which V8 collects once external memory has grown enough (the validator itself holds a few hundred KiB); later rounds reuse the pages the first one left to the allocator`,
    'baseline: the two system tools that each do half of the job, run one after the other on the same warm file',
  ],
});
