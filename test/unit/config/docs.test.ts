import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '#shared/config/index.ts';
import { CONFIG_DOC_PATHS, renderConfigTable, withConfigTable } from '../../../scripts/config-docs.ts';

describe('the configuration docs', () => {
  it.each(CONFIG_DOC_PATHS)('%s holds the table generated from the schema (run npm run docs:config)', (path) => {
    const text = readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

    expect(withConfigTable(text)).toBe(text);
  });

  it('lists every key with its default and a meaning', () => {
    const table = renderConfigTable();

    const cells = (name: string) =>
      table
        .split('\n')
        .find((line) => line.startsWith(`| \`${name}\` `))
        ?.split('|')
        .map((cell) => cell.trim());
    for (const [name, schema] of Object.entries(ConfigSchema.shape)) {
      expect(schema.description, `${name} needs .describe()`).toBeTruthy();
      expect(cells(name)?.[3], name).toBe(schema.description);
    }
    expect(cells('AGENT_CONCURRENCY')?.[2]).toBe('`64`');
    expect(cells('MARATHON_URL')?.[2]).toBe('**required**');
    expect(cells('STATS_DLQ_URL')?.[2]).toBe('unset');
  });
});
