/** `npm run docs:manifest`: regenerates docs/manifest.schema.json and docs/manifest.md from the zod schema. */
import { writeFile } from 'node:fs/promises';
import { MARKDOWN_PATH, renderManifestDocs, SCHEMA_PATH } from './manifest-docs.ts';

const root = new URL('../', import.meta.url);
const { schemaJson, markdown } = renderManifestDocs();
await writeFile(new URL(SCHEMA_PATH, root), schemaJson);
await writeFile(new URL(MARKDOWN_PATH, root), markdown);
console.log(`wrote ${SCHEMA_PATH} and ${MARKDOWN_PATH}`);
