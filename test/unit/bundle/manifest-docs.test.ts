import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_PATH, renderManifestDocs, SCHEMA_PATH } from '../../../scripts/manifest-docs.ts';

const root = new URL('../../../', import.meta.url);

describe('generated manifest docs', () => {
  it('docs/manifest.schema.json matches the zod schema (run npm run docs:manifest if this fails)', async () => {
    expect(await readFile(new URL(SCHEMA_PATH, root), 'utf8')).toBe(renderManifestDocs().schemaJson);
  });

  it('docs/manifest.md matches the zod schema and the validator messages (run npm run docs:manifest)', async () => {
    expect(await readFile(new URL(MARKDOWN_PATH, root), 'utf8')).toBe(renderManifestDocs().markdown);
  });
});
