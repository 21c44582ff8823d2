import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import plugins from '../../../esbuild-plugins.config.ts';

/**
 * The cold-start savings (docs/benchmarks.md) depend on what goes into each function's bundle; these checks fail
 * if a change brings the costly parts back. Built the way serverless.yml's custom.esbuild builds it.
 */
async function bundle(name: string): Promise<string> {
  const result = await build({
    entryPoints: [new URL(`../../../functions/${name}/handler.ts`, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    plugins,
    write: false,
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return result.outputFiles[0]?.text ?? '';
}

describe.each(['deploy', 'collect', 'scale'])('the %s bundle', (name) => {
  it('loads Node built-ins through require, so node:http is never imported as ESM', async () => {
    const code = await bundle(name);
    // Import statements only (at a statement boundary), not the word in the SDK's error messages.
    const statements = /(?:^|[;}\n])\s*import\s*(?:[\w${},\s*]+from\s*)?["']([^"']+)["']/g;
    const esmImports = [...code.matchAll(statements)].map((m) => m[1]);
    expect(esmImports.join(', ')).toBe('node:module');
    // esbuild's require shim, minified to some short name: X("node:http").
    expect(/[\w$]\("node:http"\)/.test(code)).toBe(true);
  });

  it('holds only the zod it uses and only the SSM command it sends', async () => {
    const code = await bundle(name);
    // Error text of zod's JSON-schema import, which nothing here calls: present only when all of zod is bundled.
    expect(code.includes('fromJSONSchema')).toBe(false);
    expect(code.includes('ListCommandsCommand')).toBe(false);
  });
});
