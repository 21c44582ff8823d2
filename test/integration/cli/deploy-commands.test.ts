import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStack, startDemoStack } from '#local/demo/stack.ts';
import { FALLBACK_DIR } from '#local/example/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { runBundle } from '../../../cli/commands/bundle.ts';
import { runHistory } from '../../../cli/commands/history.ts';
import { runRollback } from '../../../cli/commands/rollback.ts';
import { runUpload } from '../../../cli/commands/upload.ts';
import type { Io } from '../../../cli/lib/command.ts';
import { EXIT } from '../../../cli/lib/errors.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

const json = (io: { stdout: string[] }) => JSON.parse(io.stdout.at(-1) ?? '{}');

/** bundle → upload → history → rollback through the real deploy function on npm start's local stack. */
describe('autopilot bundle, upload, history and rollback on the local stack', () => {
  let dir: string;
  let stack: DemoStack;
  let marathon: MarathonClient;
  let first = '';
  let second = '';
  const where = () => ['--data-dir', join(dir, 'data')];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-deploy-'));
    stack = await startDemoStack({ dataDir: join(dir, 'data'), agents: 1, scheduleMs: 600_000 });
    marathon = new MarathonClient({
      baseUrl: stack.cluster.marathonUrl,
      timeouts: { connectTimeoutMs: 1_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('bundle writes the same validated archive twice from the same files', async () => {
    const a = capture();
    expect(await runBundle([FALLBACK_DIR, '--out', join(dir, 'a.tar.gz'), '--json'], a)).toBe(EXIT.ok);
    const b = capture();
    expect(await runBundle([FALLBACK_DIR, '--out', join(dir, 'b.tar.gz'), '--json'], b)).toBe(EXIT.ok);
    expect(json(a)).toMatchObject({ ok: true, appId: 'rest-app', entries: 2 });
    expect(json(a).digest).toBe(json(b).digest);
    first = json(a).digest;
  });

  it('bundle refuses an invalid manifest with the validator code, exit 5, and leaves no file', async () => {
    const app = join(dir, 'bad-app');
    await mkdir(app);
    await writeFile(join(app, 'marathon.json'), JSON.stringify({ id: 'Bad_App', cmd: 'true', cpus: 0.1, mem: 16 }));
    const io = capture();
    expect(await runBundle([app, '--out', join(dir, 'bad.tar.gz'), '--json'], io)).toBe(EXIT.invalid);
    expect(json(io).error.code).toBe('BUNDLE_INVALID_APP_ID');
    expect((await readdir(dir)).filter((name) => name.startsWith('bad.tar.gz'))).toEqual([]);
  });

  it('bundle exits 3 for a directory without marathon.json', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    expect(await runBundle([empty], capture())).toBe(EXIT.notFound);
  });

  it('upload waits for the deploy function and reports deployed with the Marathon deployment', async () => {
    const io = capture();
    expect(await runUpload([join(dir, 'a.tar.gz'), ...where(), '--json'], io)).toBe(EXIT.ok);
    expect(json(io)).toMatchObject({ ok: true, outcome: 'deployed', appId: 'rest-app', digest: first });
    expect(json(io).record.deploymentId).toBeTruthy();
    expect((await marathon.getApp('rest-app'))?.labels?.['autopilot.digest']).toBe(first);
  });

  it('upload of the same bytes again reports unchanged', async () => {
    const io = capture();
    expect(await runUpload([join(dir, 'b.tar.gz'), ...where(), '--json'], io)).toBe(EXIT.ok);
    expect(json(io)).toMatchObject({ outcome: 'unchanged', digest: first });
  });

  it('upload of a changed app deploys the new digest; history lists both, newest first', async () => {
    const app = join(dir, 'changed');
    await mkdir(app);
    for (const name of await readdir(FALLBACK_DIR)) {
      if (name.startsWith('.') || name === '__pycache__') continue;
      await writeFile(join(app, name), await readFile(join(FALLBACK_DIR, name)));
    }
    await writeFile(join(app, 'VERSION'), '2\n');
    const built = capture();
    expect(await runBundle([app, '--out', join(dir, 'c.tar.gz'), '--json'], built)).toBe(EXIT.ok);
    second = json(built).digest;
    expect(await runUpload([join(dir, 'c.tar.gz'), ...where()], capture())).toBe(EXIT.ok);

    const io = capture();
    expect(await runHistory(['rest-app', ...where(), '--json'], io)).toBe(EXIT.ok);
    expect(json(io).records.map((r: { digest: string }) => r.digest)).toEqual([second, first]);
  });

  it('rollback to the first digest (abbreviated) redeploys it and is recorded', async () => {
    const io = capture();
    expect(await runRollback(['rest-app', first.slice(0, 12), ...where(), '--json'], io)).toBe(EXIT.ok);
    expect(json(io)).toMatchObject({ ok: true, outcome: 'deployed', digest: first });
    expect((await marathon.getApp('rest-app'))?.labels?.['autopilot.digest']).toBe(first);
    const history = capture();
    await runHistory(['rest-app', ...where(), '--json', '--limit', '1'], history);
    expect(json(history).records[0]).toMatchObject({ kind: 'rollback', digest: first });
  });

  it('rollback to a digest the app never ran exits 3 and points at history', async () => {
    const io = capture();
    expect(await runRollback(['rest-app', 'f'.repeat(12), ...where()], io)).toBe(EXIT.notFound);
    expect(io.stderr.join('\n')).toContain('autopilot history');
  });

  it('upload refuses a file that is not a bundle before sending it (exit 5) and a missing file (exit 3)', async () => {
    await writeFile(join(dir, 'not.tar.gz'), 'hello');
    const io = capture();
    expect(await runUpload([join(dir, 'not.tar.gz'), ...where()], io)).toBe(EXIT.invalid);
    expect(io.stderr.join('\n')).toContain('gzip');
    expect(await runUpload([join(dir, 'missing.tar.gz'), ...where()], capture())).toBe(EXIT.notFound);
  });

  it('history of an app without records exits 3', async () => {
    expect(await runHistory(['nothing-here', ...where()], capture())).toBe(EXIT.notFound);
  });
});
