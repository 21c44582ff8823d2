import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MarathonClient } from '#shared/marathon/index.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const timeouts = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };

function processesUnder(dir: string): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      return readlinkSync(`/proc/${name}/cwd`).startsWith(dir) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

describe('node local/cluster/cli.ts', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('prints its URLs, runs tasks, and leaves nothing behind on SIGTERM', async () => {
    child = spawn(process.execPath, ['local/cluster/cli.ts', '--agents', '2', '--json', '--quiet'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    const urls = JSON.parse(first) as { marathonUrl: string; dataDir: string; agents: { id: string; url: string }[] };
    expect(urls.agents).toHaveLength(2);

    const marathon = new MarathonClient({ baseUrl: urls.marathonUrl, timeouts });
    await marathon.putApp('/cli/sleeper', { cmd: 'sleep 120', cpus: 0.1, mem: 16, instances: 2 });
    await waitFor(
      async () => (await marathon.listTasks('/cli/sleeper')).filter((t) => t.state === 'TASK_RUNNING').length === 2,
    );
    expect(processesUnder(urls.dataDir).length).toBeGreaterThanOrEqual(2);

    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(processesUnder(urls.dataDir)).toEqual([]);
    expect(existsSync(urls.dataDir)).toBe(false);
  });
});
