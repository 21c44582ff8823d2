import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AutoscalingSpecSchema, POLICY_NAMES } from '#shared/scaling/index.ts';

/**
 * docs/scaling.md documents every parameter's default by hand; this keeps each documented default equal to
 * the schema's, so a changed default cannot leave the docs behind.
 */
const doc = readFileSync(new URL('../../../docs/scaling.md', import.meta.url), 'utf8');

/** `| \`name\` / \`other\` | type | \`80\` / \`55.5\` | ...` rows of one `## ` section, as name → documented default. */
function documentedDefaults(heading: RegExp): Map<string, string> {
  const sections = doc.split(/^## /m);
  const section = sections.find((s) => heading.test(s.split('\n')[0] ?? '')) ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const [, names = '', , defaults = ''] = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const nameList = [...names.matchAll(/`(\w+)`/g)].map((m) => m[1] as string);
    const valueList = [...defaults.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    nameList.forEach((name, i) => {
      rows.set(name, valueList[i] ?? valueList[0] ?? defaults);
    });
  }
  return rows;
}

// `seed` shares its parameter table with `seed-original` ("Same parameters").
const SECTIONS = {
  target: /^`target`/,
  threshold: /^`threshold`/,
  seed: /^`seed-original`/,
  'seed-original': /^`seed-original`/,
} as const;

describe('docs/scaling.md', () => {
  it.each(Object.entries(SECTIONS))('documents the %s policy defaults the schema applies', (policy, heading) => {
    const defaults = AutoscalingSpecSchema.parse({ policy }) as Record<string, unknown>;
    const documented = documentedDefaults(heading);

    expect(documented.size).toBeGreaterThan(3);
    for (const [name, text] of documented) {
      const actual = defaults[name];
      expect(actual === undefined ? 'off' : String(actual), `${policy}.${name}`).toBe(text);
    }
  });

  it('documents the common parameters every policy shares', () => {
    const documented = documentedDefaults(/^Common parameters/);
    for (const policy of POLICY_NAMES) {
      const defaults = AutoscalingSpecSchema.parse({ policy }) as Record<string, unknown>;
      for (const name of ['minInstances', 'maxInstances', 'dryRun']) {
        expect(String(defaults[name]), `${policy}.${name}`).toBe(documented.get(name));
      }
    }
  });
});
