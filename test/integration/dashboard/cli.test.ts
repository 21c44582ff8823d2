import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

function run(args: string[]): { child: ChildProcess; exited: Promise<number | null>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, ['local/dashboard/cli.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
  return { child, exited, firstLine };
}

describe('node local/dashboard/cli.ts', () => {
  let cluster: LocalCluster;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dashboard-cli-'));
    cluster = await startCluster({ agents: 1 });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the stack named in npm start's stack.json and stops on SIGTERM", async () => {
    const stackFile = path.join(dir, 'stack.json');
    await writeFile(
      stackFile,
      JSON.stringify({
        pid: process.pid,
        bucket: 'bundles',
        s3Endpoint: 'http://127.0.0.1:1',
        marathonUrl: cluster.marathonUrl,
        mesosMasterUrl: cluster.mesosMasterUrl,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        logDir: dir,
      }),
    );
    const { child, exited, firstLine } = run(['--stack', stackFile]);
    children.push(child);

    const url = /^dashboard (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(await firstLine)?.[1] as string;
    const agents = (await (await fetch(new URL('/api/agents', url))).json()) as { agents: unknown[] };
    const config = (await (await fetch(new URL('/api/config', url))).json()) as { agentControl: boolean };

    expect(agents.agents).toHaveLength(1);
    expect(config.agentControl).toBe(false);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 saying what is missing when there is no stack file and no URLs', async () => {
    const { child, exited } = run(['--stack', path.join(dir, 'absent.json')]);
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    expect(await exited).toBe(2);
    expect(stderr).toContain('is npm start running?');
  });
});
