import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A CloudFormation template as JSON, loosely typed: tests walk it. */
type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> } & Record<
  string,
  unknown
>;

const root = join(import.meta.dirname, '..', '..');

/**
 * Runs `npm run package`'s script (offline, dummy credentials) into a temp dir and returns the update-stack
 * template. `params` become `--param name=value`. The caller removes `dir`.
 */
async function packageTemplate(params: Record<string, string> = {}): Promise<{ template: Template; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'autopilot-package-'));
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  try {
    await promisify(execFile)(process.execPath, ['scripts/package.ts', '--package', dir, ...paramArgs], {
      cwd: root,
      // Test files package concurrently: separate esbuild scratch folders keep them from clobbering each other.
      env: { ...process.env, ESBUILD_WORK_FOLDER: `.esbuild/test-${randomUUID()}` },
      maxBuffer: 16 * 1024 * 1024,
    });
    const template = JSON.parse(await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
    return { template: template as Template, dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** What the template depends on: the config, the packaging script and every bundled source. */
const TEMPLATE_INPUTS = [
  'serverless.yml',
  'package.json',
  'package-lock.json',
  'infra',
  'scripts',
  'functions',
  'shared',
];
const CACHE_DIR = join(tmpdir(), 'autopilot-template-cache');
const LOCK_STALE_MS = 180_000;
const CACHE_MAX_AGE_MS = 24 * 3600_000;

async function inputsDigest(params: Record<string, string>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(Object.entries(params).sort()));
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of (await readdir(path)).sort()) await visit(join(path, name));
      return;
    }
    hash.update(path.slice(root.length)).update(await readFile(path));
  };
  for (const input of TEMPLATE_INPUTS) await visit(join(root, input));
  return hash.digest('hex').slice(0, 32);
}

async function pruneCache(): Promise<void> {
  for (const name of await readdir(CACHE_DIR).catch(() => [] as string[])) {
    const path = join(CACHE_DIR, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > CACHE_MAX_AGE_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * The packaged template for `params`, packaged at most once per content of its inputs: test files run in parallel
 * workers, so the first one packages (holding a lock directory) and the others wait for its result. Cached under
 * the OS temp dir by a digest of serverless.yml, infra/, scripts/, functions/, shared/ and the package files, so a
 * change to any of them packages again. Read-only: nothing for the caller to remove.
 */
async function sharedTemplate(params: Record<string, string> = {}): Promise<Template> {
  await mkdir(CACHE_DIR, { recursive: true });
  const key = await inputsDigest(params);
  const file = join(CACHE_DIR, `${key}.json`);
  const lock = join(CACHE_DIR, `${key}.lock`);
  for (;;) {
    const cached = await readFile(file, 'utf8').catch(() => null);
    if (cached) return JSON.parse(cached) as Template;
    const locked = await mkdir(lock).then(
      () => true,
      () => false,
    );
    if (locked) break;
    const lockInfo = await stat(lock).catch(() => null);
    if (lockInfo && Date.now() - lockInfo.mtimeMs > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    const { template, dir } = await packageTemplate(params);
    await rm(dir, { recursive: true, force: true });
    const partial = `${file}.${randomUUID()}.tmp`;
    await writeFile(partial, JSON.stringify(template));
    await rename(partial, file);
    await pruneCache();
    return template;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * One set of non-default parameters for the tests that check `--param` reaches the template (functions,
 * observability), so they share one packaging run through {@link sharedTemplate}.
 */
const PARAMETER_OVERRIDES: Readonly<Record<string, string>> = {
  incomingPrefix: 'uploads/',
  collectSchedule: 'rate(5 minutes)',
  statsMaxReceiveCount: '3',
  logRetentionDays: '7',
  alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
  alarmPeriodS: '60',
  scaleBlockedPeriods: '30',
};

/** Renders an IAM/CFN value as a comparable string: `!Sub x` -> x, `!GetAtt A.B` -> `A.B`, `!Ref X` -> `ref:X`. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (typeof node['Fn::Sub'] === 'string') return node['Fn::Sub'];
    if (Array.isArray(node['Fn::GetAtt'])) return node['Fn::GetAtt'].join('.');
    if (typeof node.Ref === 'string') return `ref:${node.Ref}`;
  }
  return JSON.stringify(value);
}

export type { Template };
export { PARAMETER_OVERRIDES, packageTemplate, renderValue, sharedTemplate };
