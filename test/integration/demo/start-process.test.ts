import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, readStackFile } from '#local/demo/stack-file.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const START = resolve(import.meta.dirname, '../../../local/start.ts');

function run(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [START, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { child, output: () => text };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('node local/start.ts as a process', () => {
  let dir = '';
  let started: ChildProcess | undefined;
  afterEach(async () => {
    if (started && started.exitCode === null) started.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints its flags with --help and exits 0', async () => {
    const { child, output } = run(['--help']);
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('--exit-after-scenario');
  });

  it('exits 2 naming the bad flag', async () => {
    const { child, output } = run(['--agents', 'lots']);
    expect(await exitCode(child)).toBe(2);
    expect(output()).toContain('--agents');
  });

  it('writes stack.json once everything listens, and on Ctrl-C stops everything, removes it and exits 0', async () => {
    dir = await mkdtemp(join(tmpdir(), 'start-process-'));
    const { child, output } = run(['--no-load', '--agents', '1', '--example', 'fallback', '--data-dir', dir]);
    started = child;
    const stack = await waitFor(
      async () => {
        const read = await readStackFile(dir);
        // stack.json is written before the component lines are printed: wait for both.
        return read.state === 'running' && output().includes(read.stack.marathonUrl) ? read.stack : undefined;
      },
      { timeoutMs: 20_000, what: `stack.json (output so far: ${output()})` },
    );
    expect(stack.pid).toBe(child.pid);
    expect(output()).toContain(`marathon          ${stack.marathonUrl}`);

    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('stopped: no servers, workers or task processes left');
    expect((await readStackFile(dir)).state).toBe('missing');
    expect(isAlive(stack.pid)).toBe(false);
  }, 40_000);
});
