/**
 * `npm run bench [-- <name> ...]`: runs every `bench/<name>.bench.ts` (or the named ones), each in a fresh
 * Node process so one bench's memory cannot skew another's, then writes bench/results/README.md.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { writeSummary } from './lib/results.ts';

const benchDir = new URL('./', import.meta.url).pathname;
const available = (await readdir(benchDir))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const selected = requested.length > 0 ? requested : available;

let failed = 0;
const startedAll = performance.now();
for (const [index, name] of selected.entries()) {
  const started = performance.now();
  console.log(`\n[${index + 1}/${selected.length}] bench ${name}`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', `${benchDir}${name}.bench.ts`], { stdio: 'inherit' });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `[${index + 1}/${selected.length}] ${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds} s`,
  );
  if (code !== 0) failed++;
}

console.log(`\n${await writeSummary()}`);
console.log(
  `${selected.length} bench(es) in ${((performance.now() - startedAll) / 1000).toFixed(0)} s; ${failed} failed. Table: bench/results/README.md`,
);
process.exit(failed > 0 ? 1 : 0);
