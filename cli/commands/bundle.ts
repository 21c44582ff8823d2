import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { MANIFEST_FILE, parseManifest } from '#shared/bundle/index.ts';
import { validateBundleFile } from '../lib/bundle-limits.ts';
import { type CommandSpec, runCommand, str } from '../lib/command.ts';
import { CliError, EXIT } from '../lib/errors.ts';
import { bytes } from '../lib/output.ts';
import { packDirectory } from '../lib/pack-dir.ts';

const HELP = `Usage: autopilot bundle <dir> [--out FILE] [--exclude NAME]... [--json]

Packs a directory whose root holds marathon.json into a deploy bundle (.tar.gz) and validates it with the deploy
function's own validator and limits (shared/bundle): manifest schema, app id, paths, links, sizes. The archive is
deterministic (sorted entries, fixed owner and time), so unchanged files give the same sha256 digest, and the
deploy function leaves a running app alone when the same bundle is uploaded again.

  --out FILE, -o   where to write it (default ./<app id>.tar.gz)
  --exclude NAME   leave out files/directories with this base name (repeatable);
                   .git, __pycache__, node_modules and .DS_Store are always left out

Examples:
  autopilot bundle examples/rest-app/fallback
  autopilot bundle ./my-app --out dist/my-app.tar.gz --exclude tests
  autopilot bundle ./my-app --json | jq -r .digest

Exit codes: 0 written and valid, 1 I/O failure, 2 bad flags, 3 no such directory or no marathon.json,
            5 invalid bundle (the message says what to fix; nothing is left behind).`;

const spec: CommandSpec = {
  name: 'bundle',
  help: HELP,
  options: { out: { type: 'string', short: 'o' }, exclude: { type: 'string', multiple: true } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals, io, json }) {
    const dir = resolve(positionals[0] ?? '.');
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new CliError('DIR_NOT_FOUND', EXIT.notFound, `${dir} is not a directory`);
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifestBytes = await readFile(manifestPath).catch(() => undefined);
    if (!manifestBytes) {
      throw new CliError('NO_MANIFEST', EXIT.notFound, `${dir} has no ${MANIFEST_FILE} at its root`, {
        hint: `write one (see docs/manifest.md), e.g. {"id": "${basename(dir)}", "cmd": "python3 -m http.server $PORT0", "cpus": 0.1, "mem": 64}`,
      });
    }
    // The manifest first: its errors are the common ones, and the app id names the default output.
    const manifest = parseManifest(manifestBytes);
    const out = resolve(str(values, 'out') ?? `${manifest.id.replace(/^\/+/, '').replaceAll('/', '_')}.tar.gz`);
    const exclude = ((values.exclude as string[] | undefined) ?? []).concat(
      out.startsWith(`${dir}/`) ? [basename(out)] : [],
    );
    const partial = `${out}.partial`;
    try {
      await packDirectory(dir, partial, { exclude });
      const validated = await validateBundleFile(partial);
      await rename(partial, out);
      const result = {
        ok: true,
        path: out,
        appId: validated.manifest.id,
        digest: validated.digest,
        entries: validated.entries,
        compressedBytes: validated.compressedBytes,
        uncompressedBytes: validated.uncompressedBytes,
      };
      if (json) io.out(JSON.stringify(result));
      else {
        io.out(`wrote ${out}`);
        io.out(
          `  app ${result.appId}, ${result.entries} entries, ${bytes(result.compressedBytes)} (${bytes(result.uncompressedBytes)} unpacked)`,
        );
        io.out(`  sha256 ${result.digest}`);
        io.out(`  next: autopilot upload ${out}`);
      }
      return EXIT.ok;
    } finally {
      await rm(partial, { force: true });
    }
  },
};

function runBundle(argv: readonly string[], io?: Parameters<typeof runCommand>[2]): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runBundle };
