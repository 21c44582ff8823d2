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
  const manifest = JSON.stringify({ id: 'bench-app', cmd: './run', cpus: 0.5, mem: 128 });
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
const size = (await stat(BUNDLE)).size;
const limits = { maxEntries: 10_000, maxUncompressedBytes: 2 * 1024 ** 3, maxRatio: 100, manifestMaxBytes: 64 * 1024 };

// Warm the page cache so neither side pays for the first disk read.
await run('cat', [BUNDLE]);

const started = performance.now();
const measured = await measurePeakRss(() =>
  validateBundle(createReadStream(BUNDLE, { highWaterMark: 256 * 1024 }), limits),
);
const validateMs = performance.now() - started;
const tarMs = await run('tar', ['-tzf', BUNDLE]);
const shaMs = await run('sha256sum', [BUNDLE]);

const ourMBs = size / MiB / (validateMs / 1000);
const toolsMBs = size / MiB / ((tarMs + shaMs) / 1000);
console.log(
  `validated ${(size / MiB).toFixed(0)} MiB in ${validateMs.toFixed(0)} ms (${ourMBs.toFixed(0)} MiB/s); ` +
    `tar -tzf ${tarMs.toFixed(0)} ms + sha256sum ${shaMs.toFixed(0)} ms (${toolsMBs.toFixed(0)} MiB/s); ` +
    `peak RSS growth ${measured.growthMiB.toFixed(1)} MiB; digest ${measured.result.digest.slice(0, 12)}`,
);

await writeBenchResult({
  name: 'deploy',
  title: 'Deploy: streaming validation of a 200 MB bundle',
  figures: [
    {
      name: 'peak RSS growth while validating',
      value: measured.growthMiB,
      unit: 'MiB',
      goal: { op: '<', target: 64, on: 'value' },
    },
    {
      name: 'throughput (sha256 + gunzip + tar checks, one pass)',
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
    'baseline: the two system tools that each do half of the job, run one after the other on the same warm file',
  ],
});
