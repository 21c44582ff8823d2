import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * docs/security.md records the `npm audit --omit=dev` result per production dependency and version (the audit
 * needs the registry, so it is run by hand, never here). This keeps that record honest: a dependency added,
 * removed or bumped in package.json / package-lock.json without a new audit entry fails the suite.
 */

const root = join(import.meta.dirname, '..', '..');

describe('audited production dependencies', () => {
  it('lists every production dependency in docs/security.md at the version the lockfile installs', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const doc = await readFile(join(root, 'docs', 'security.md'), 'utf8');
    const audited = Object.fromEntries(
      [...doc.matchAll(/^\| (@?[a-z0-9@/.-]+) +\| (\d+\.\d+\.\d+) +\| .+ \|$/gm)].map((m) => [m[1], m[2]]),
    );

    const installed = Object.fromEntries(
      Object.keys(pkg.dependencies).map((name) => [name, lock.packages[`node_modules/${name}`]?.version]),
    );

    expect(audited).toEqual(installed);
  });
});
