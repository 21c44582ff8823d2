/**
 * esbuild plugins for `npm run package` (serverless.yml `custom.esbuild.plugins` names this file; serverless-esbuild
 * require()s it and takes its default export). Both plugins cut real cold-start work, measured by
 * `npm run bench -- cold-start` (see docs/benchmarks.md); neither defers work to the first invocation.
 */
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const VIA_REQUIRE = 'builtin-via-require';

/**
 * Loads Node built-ins with require() (the bundle banner defines it) instead of ESM `import`. Node builds an ESM
 * facade for an imported built-in by reading every export, and node:http's exports include lazy getters
 * (WebSocket, CloseEvent, MessageEvent) that load Node's own internal copy of undici: ~35 ms of CPU at every cold
 * start for an object nothing here uses. require() returns the same module object without touching the getters.
 */
const builtinsViaRequire: Plugin = {
  name: 'builtins-via-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (args.namespace === VIA_REQUIRE || !BUILTINS.has(args.path)) return undefined;
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      return { path: args.path.replace(/^node:/, ''), namespace: VIA_REQUIRE };
    });
    build.onLoad({ filter: /.*/, namespace: VIA_REQUIRE }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

const NAMED_Z_IMPORT = /^import\s*\{\s*z\s*\}\s*from\s*(['"])zod\1/gm;

/**
 * Rewrites `import { z } from 'zod'` (our code and @aws-lambda-powertools/parser) to `import * as z from 'zod'`.
 * Both bind the same functions, but esbuild cannot tree-shake a namespace that a package re-exports under a name:
 * the named form bundles all of zod (~450 KB minified, every locale and JSON-schema tool; ~25 ms to compile and
 * run), the namespace form only what the schemas call (~100 KB).
 */
const zodNamespaceImports: Plugin = {
  name: 'zod-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /\.(ts|m?js)$/ }, async (args) => {
      if (args.path.includes('/node_modules/zod/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('zod')) return undefined;
      NAMED_Z_IMPORT.lastIndex = 0;
      if (!NAMED_Z_IMPORT.test(source)) return undefined;
      return {
        contents: source.replace(NAMED_Z_IMPORT, "import * as z from 'zod'"),
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};

export default [builtinsViaRequire, zodNamespaceImports];
