import { execFile } from 'node:child_process';
import { access, constants, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ExampleBundleError } from './errors.ts';
import { writeTarGz } from './tar-gz.ts';

const run = promisify(execFile);

type BundleKind = 'built-pex' | 'prebuilt' | 'fallback';

interface SelectedBundle {
  /** The .tar.gz to upload: app, api.py (or server.py) and marathon.json at its root. */
  path: string;
  /** `built-pex`: app.pyz freshly built from Debian's packages (a zipapp, PEX's format minus its bootstrap). */
  kind: BundleKind;
  /** One sentence for the screen: why this one, and how to get the better one. */
  why: string;
}

interface SelectBundleOptions {
  /** Insist on one kind (a `npm start` flag, tests): fail with the reason instead of picking another. */
  kind?: BundleKind;
  /** Where built and packed bundles go. **Default:** `<repo>/.local/example` */
  outDir?: string;
  /** Where Debian's python3-falcon and gunicorn live. **Default:** `/usr/lib/python3/dist-packages` */
  distPackages?: string;
  /** The interpreter that runs the app (tasks run `/usr/bin/env python3`). **Default:** `python3` */
  python?: string;
  /** Bound on build.sh. **Default:** 60000 */
  buildTimeoutMs?: number;
}

const EXAMPLE_DIR = resolve(import.meta.dirname, '../../examples/rest-app');
const PREBUILT_BUNDLE = join(EXAMPLE_DIR, 'prebuilt/rest-app.tar.gz');
const FALLBACK_DIR = join(EXAMPLE_DIR, 'fallback');
const DEFAULT_OUT_DIR = resolve(import.meta.dirname, '../../.local/example');
const APT_INSTALL = 'apt-get update && apt-get install -y --no-install-recommends python3-falcon gunicorn';
/** Oldest Python each kind was checked with (app.pyz: 3.8 to 3.13; the fallback needs ThreadingHTTPServer). */
const MIN_PYTHON: Record<Exclude<BundleKind, 'built-pex'>, [number, number]> = { prebuilt: [3, 8], fallback: [3, 7] };

async function exists(path: string, mode = constants.R_OK): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}

/** `[major, minor]` of `python`, or null when it does not run. */
async function pythonVersion(python: string): Promise<[number, number] | null> {
  try {
    const { stdout } = await run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      timeout: 10_000,
    });
    const [major, minor] = stdout.trim().split('.').map(Number);
    return major === undefined || minor === undefined ? null : [major, minor];
  } catch {
    return null;
  }
}

function atLeast(version: [number, number], min: [number, number]): boolean {
  return version[0] > min[0] || (version[0] === min[0] && version[1] >= min[1]);
}

/** Runs build.sh; returns the bundle path, or throws with build.sh's own explanation. */
async function build(opts: Required<Pick<SelectBundleOptions, 'outDir' | 'distPackages' | 'buildTimeoutMs'>>) {
  try {
    await run(join(EXAMPLE_DIR, 'build.sh'), ['--out', opts.outDir, '--dist-packages', opts.distPackages], {
      timeout: opts.buildTimeoutMs,
    });
    return join(opts.outDir, 'rest-app.tar.gz');
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new ExampleBundleError('EXAMPLE_BUILD_FAILED', `build.sh failed: ${stderr || String(error)}`, {
      cause: error,
    });
  }
}

/** Packs fallback/ (server.py + its marathon.json) the way build.sh packs the real app. */
async function packFallback(outDir: string): Promise<string> {
  const names = (await readdir(FALLBACK_DIR)).filter((name) => !name.startsWith('.') && name !== '__pycache__').sort();
  const files = await Promise.all(
    names.map(async (name) => ({ name, mode: 0o644, data: await readFile(join(FALLBACK_DIR, name)) })),
  );
  const path = join(outDir, 'rest-app-fallback.tar.gz');
  await writeTarGz(files, path);
  return path;
}

/**
 * Picks the example bundle `npm start` uploads, best first, and says why:
 * a fresh build when Debian's python3-falcon and gunicorn are installed (`built-pex`), else the bundle
 * committed in examples/rest-app/prebuilt (`prebuilt`), else the Python-stdlib app packed from
 * examples/rest-app/fallback (`fallback`). Throws {@link ExampleBundleError} when nothing can run.
 * @example
 * const bundle = await selectExampleBundle();
 * console.log(`example app: ${bundle.kind} (${bundle.why})`);
 */
async function selectExampleBundle(options: SelectBundleOptions = {}): Promise<SelectedBundle> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const distPackages = options.distPackages ?? '/usr/lib/python3/dist-packages';
  const python = options.python ?? 'python3';
  const wanted = (kind: BundleKind) => options.kind === undefined || options.kind === kind;
  const version = await pythonVersion(python);
  if (version === null) {
    throw new ExampleBundleError(
      'EXAMPLE_NO_PYTHON',
      `${python} does not run here: every example bundle needs python3 on PATH (apt-get install -y python3)`,
    );
  }
  const shown = `python3 ${version.join('.')}`;
  await mkdir(outDir, { recursive: true });
  const reasons: string[] = [];

  if (wanted('built-pex')) {
    const debian =
      (await exists('/usr/bin/python3', constants.X_OK)) &&
      (await exists(join(distPackages, 'falcon/__init__.py'))) &&
      (await exists(join(distPackages, 'gunicorn/__init__.py')));
    if (debian) {
      try {
        const path = await build({ outDir, distPackages, buildTimeoutMs: options.buildTimeoutMs ?? 60_000 });
        const why = `built app.pyz from Debian's python3-falcon and gunicorn in ${distPackages}; runs on ${shown}`;
        return { path, kind: 'built-pex', why };
      } catch (error) {
        if (options.kind) throw error;
        reasons.push((error as Error).message);
      }
    } else {
      const reason = `Debian's python3-falcon and gunicorn are not installed (to build the app: ${APT_INSTALL})`;
      if (options.kind) throw new ExampleBundleError('EXAMPLE_UNAVAILABLE', reason);
      reasons.push(reason);
    }
  }

  if (wanted('prebuilt')) {
    const min = MIN_PYTHON.prebuilt;
    if (!(await exists(PREBUILT_BUNDLE))) reasons.push('examples/rest-app/prebuilt/rest-app.tar.gz is missing');
    else if (!atLeast(version, min))
      reasons.push(`the prebuilt app.pyz needs python3 >= ${min.join('.')}, not ${shown}`);
    else {
      const why = [...reasons, `running the prebuilt bundle committed in the repo on ${shown}`].join('; ');
      return { path: PREBUILT_BUNDLE, kind: 'prebuilt', why };
    }
    if (options.kind) throw new ExampleBundleError('EXAMPLE_UNAVAILABLE', reasons.join('; '));
  }

  if (atLeast(version, MIN_PYTHON.fallback)) {
    const path = await packFallback(outDir);
    const why = [...reasons, `running the Python-stdlib fallback app (same answers, no Falcon/Gunicorn) on ${shown}`];
    return { path, kind: 'fallback', why: why.join('; ') };
  }
  reasons.push(`the fallback app needs python3 >= ${MIN_PYTHON.fallback.join('.')}, not ${shown}`);
  throw new ExampleBundleError('EXAMPLE_UNAVAILABLE', `no example bundle can run here: ${reasons.join('; ')}`);
}

export type { BundleKind, SelectBundleOptions, SelectedBundle };
export { APT_INSTALL, EXAMPLE_DIR, FALLBACK_DIR, PREBUILT_BUNDLE, selectExampleBundle };
