import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { readTarGz } from '#local/example/index.ts';

interface RunningApp {
  /** e.g. http://127.0.0.1:41234, read from the app's own "Listening at:" line. */
  url: string;
  child: ChildProcess;
  /** Everything the app printed so far (stdout + stderr). */
  output(): string;
  /** SIGTERM to the app's process group (gunicorn's master and worker), SIGKILL after 5 s; resolves on exit. */
  stop(): Promise<void>;
}

const LISTENING = /Listening at: (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts an app that binds 127.0.0.1:0 and prints gunicorn's "Listening at: URL" line (app.pyz and the
 * fallback both do), so the kernel picks the port and no port is guessed. Rejects with the output if it exits first.
 */
async function startPythonApp(command: string, args: string[], cwd: string, timeoutMs = 15_000): Promise<RunningApp> {
  // Own process group, so stop() reaches gunicorn's worker too and nothing outlives the test
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const pid = child.pid;
    process.kill(-pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "Listening at" within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before listening:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, child, output: () => output, stop };
}

/** Extracts a .tar.gz bundle into a fresh temp dir, keeping file modes; returns the dir and a cleanup. */
async function extractBundle(bundle: string): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rest-app-'));
  for (const file of await readTarGz(bundle)) {
    if (file.name.includes('/') || file.name.startsWith('.')) throw new Error(`unexpected entry ${file.name}`);
    const path = join(dir, file.name);
    await writeFile(path, file.data);
    await chmod(path, file.mode & 0o777);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** GET against a running app: status, content type and body text (10 s bounds, the app may be cold). */
async function getFromApp(url: string) {
  const response = await request(url, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  return { status: response.statusCode, type: response.headers['content-type'], body: await response.body.text() };
}

export type { RunningApp };
export { extractBundle, getFromApp, startPythonApp };
