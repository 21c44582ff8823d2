/** `npm run docs:config`: rewrites the configuration table in README.md and docs/configuration.md from the schema. */
import { readFile, writeFile } from 'node:fs/promises';
import { CONFIG_DOC_PATHS, withConfigTable } from './config-docs.ts';

const root = new URL('../', import.meta.url);
for (const path of CONFIG_DOC_PATHS) {
  const url = new URL(path, root);
  await writeFile(url, withConfigTable(await readFile(url, 'utf8')));
  console.log(`wrote the configuration table in ${path}`);
}
