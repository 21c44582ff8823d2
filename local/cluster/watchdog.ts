import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Exit hooks do not run when this Node process is SIGKILLed (e.g. a test runner killing a stuck worker).
 * While task groups exist, a tiny detached shell watches this process and, once it is gone, SIGKILLs
 * every group listed in a file, so tasks never outlive the stand-in.
 */
// "Alive" = /proc/<pid>/stat exists and is not a zombie (an unreaped dead parent still answers kill -0).
const SCRIPT = [
  'alive() { s=$(sed "s/.*) //" /proc/$1/stat 2>/dev/null | cut -d" " -f1); [ -n "$s" ] && [ "$s" != Z ]; }',
  'while alive "$1"; do sleep 1; done',
  'for g in $(cat "$2" 2>/dev/null); do kill -KILL -"$g" 2>/dev/null; done',
  'rm -f "$2"',
].join('\n');

const groupsFile = path.join(tmpdir(), `local-cluster-${process.pid}.groups`);
let watchdog: ChildProcess | undefined;

function stopWatchdog(): void {
  if (watchdog?.pid) {
    try {
      process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  watchdog = undefined;
  rmSync(groupsFile, { force: true });
}

/** Keeps the watchdog's list equal to `groups`; starts it on the first group, stops it after the last. */
function syncWatchdog(groups: ReadonlySet<number>): void {
  if (groups.size === 0) {
    stopWatchdog();
    return;
  }
  writeFileSync(groupsFile, [...groups].join('\n'));
  if (!watchdog) {
    watchdog = spawn('sh', ['-c', SCRIPT, 'local-cluster-watchdog', String(process.pid), groupsFile], {
      detached: true,
      stdio: 'ignore',
      cwd: '/',
    });
    watchdog.on('error', () => undefined);
    watchdog.unref();
  }
}

export { stopWatchdog, syncWatchdog };
