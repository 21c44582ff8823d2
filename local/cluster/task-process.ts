import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { killTree, trackGroup, untrackGroup } from './process-registry.ts';

/** How a task's command is run: `cmd` through `sh -c`, or `args` exec'd directly (Marathon's two forms). */
interface CommandSpec {
  cmd?: string | undefined;
  args?: readonly string[] | undefined;
}

interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all (e.g. `args[0]` not found). */
  error?: Error;
}

/** A started task process: the leader of its own process group, so the whole tree can be signalled. */
interface TaskProcess {
  pid: number;
  exited: Promise<ProcessExit>;
}

/** A free TCP port on `host`, as the agent's port resources would hand one out. */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `count` distinct free ports. */
async function freePorts(host: string, count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}

/**
 * Starts the command in `sandbox`, detached into its own process group, stdout/stderr appended to the
 * sandbox's `stdout`/`stderr` files (where Mesos puts them).
 */
function startTaskProcess(command: CommandSpec, sandbox: string, env: Record<string, string>): TaskProcess {
  const out = openSync(path.join(sandbox, 'stdout'), 'a');
  const err = openSync(path.join(sandbox, 'stderr'), 'a');
  let child: ChildProcess;
  try {
    const [file, args] =
      command.cmd !== undefined && command.cmd !== null
        ? ['sh', ['-c', command.cmd]]
        : [command.args?.[0] ?? 'true', command.args?.slice(1) ?? []];
    child = spawn(file, args, { cwd: sandbox, env, detached: true, stdio: ['ignore', out, err] });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid ?? -1;
  if (pid > 0) trackGroup(pid);
  return { pid, exited };
}

/** Kills the task's whole tree (TERM, then KILL after the grace period) and forgets the group. */
async function stopTaskProcess(pid: number, graceMs: number): Promise<void> {
  if (pid <= 0) return;
  await killTree(pid, graceMs);
  untrackGroup(pid);
}

export type { CommandSpec, ProcessExit, TaskProcess };
export { freePorts, startTaskProcess, stopTaskProcess };
