/**
 * `npm run gen:observability`: writes infra/observability.yml from the TypeScript sources of the queries, metric
 * filters, dashboard and alarms. `--check` only compares and exits 1 when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { observabilityYaml } from './observability/resources.ts';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'infra', 'observability.yml');
const text = observabilityYaml();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('infra/observability.yml is stale: run `npm run gen:observability`');
    process.exitCode = 1;
  }
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
