import { setTimeout as sleep } from 'node:timers/promises';
import { processTree, readAllProcStats } from './proc-stats.ts';
import { stopWatchdog, syncWatchdog } from './watchdog.ts';

/**
 * Every task process group the stand-in started, in this Node process, so that nothing outlives it:
 * `stop()` kills them gracefully, and an exit/SIGINT/SIGTERM hook kills whatever is left.
 */
const liveGroups = new Set<number>();
let hooksInstalled = false;

function signalTree(rootPid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-rootPid, signal);
  } catch {
    // group already gone
  }
  // Members that left the group (setsid) are still part of the task.
  for (const stat of processTree(readAllProcStats(), rootPid)) {
    if (stat.state === 'Z') continue;
    try {
      process.kill(stat.pid, signal);
    } catch {
      // exited meanwhile
    }
  }
}

function killAllNow(): void {
  for (const pgid of liveGroups) signalTree(pgid, 'SIGKILL');
  liveGroups.clear();
  stopWatchdog();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  // Only take over the default exit when nobody else handles this signal.
  if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** Records a task's process group (its leader's pid). */
function trackGroup(pgid: number): void {
  installHooks();
  liveGroups.add(pgid);
  syncWatchdog(liveGroups);
}

function isTreeAlive(rootPid: number): boolean {
  return processTree(readAllProcStats(), rootPid).some((stat) => stat.state !== 'Z');
}

/**
 * SIGTERM to the whole tree, SIGKILL after `graceMs`, then waits until no live process of it remains.
 * Resolves true when the tree is gone.
 */
async function killTree(rootPid: number, graceMs: number, giveUpMs = 5_000): Promise<boolean> {
  signalTree(rootPid, 'SIGTERM');
  const termDeadline = Date.now() + graceMs;
  while (Date.now() < termDeadline && isTreeAlive(rootPid)) await sleep(25);
  const killDeadline = Date.now() + giveUpMs;
  while (isTreeAlive(rootPid)) {
    if (Date.now() > killDeadline) return false;
    signalTree(rootPid, 'SIGKILL');
    await sleep(25);
  }
  untrackGroup(rootPid);
  return true;
}

function untrackGroup(pgid: number): void {
  if (liveGroups.delete(pgid)) syncWatchdog(liveGroups);
}

/** Process groups still tracked (for tests asserting no orphans). */
function trackedGroups(): number[] {
  return [...liveGroups];
}

export { isTreeAlive, killAllNow, killTree, trackedGroups, trackGroup, untrackGroup };
