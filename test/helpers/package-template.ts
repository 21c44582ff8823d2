import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
export { packageTemplate, renderValue };
