import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One line of /proc/<pid>/stat, the fields a cgroup-less agent needs. */
interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks, this process only. */
  utime: number;
  stime: number;
  /** Clock ticks of children already reaped by this process (cgroups count those too). */
  cutime: number;
  cstime: number;
  /** Resident pages. */
  rssPages: number;
}

interface TreeUsage {
  cpusUserTimeSecs: number;
  cpusSystemTimeSecs: number;
  memRssBytes: number;
  /** Live (non-zombie) processes counted. */
  processes: number;
}

/** Asked once: Linux reports 100 ticks/s almost everywhere, but `getconf` is the authority. */
function readSysconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2_000 }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

let sysconf: { clockTicks: number; pageSize: number } | undefined;
function systemUnits() {
  sysconf ??= { clockTicks: readSysconf('CLK_TCK', 100), pageSize: readSysconf('PAGESIZE', 4096) };
  return sysconf;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) may hold spaces and parentheses,
 * so fields are counted from the last ')'.
 */
function parseProcStat(line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(line, 10);
  const rest = line
    .slice(close + 2)
    .trim()
    .split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  if (!Number.isFinite(pid) || rest.length < 22) return undefined;
  return {
    pid,
    state: rest[0] ?? '?',
    ppid: field(4),
    pgrp: field(5),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
    rssPages: field(24),
  };
}

/** Every process visible in /proc right now; processes that vanish mid-scan are skipped. */
function readAllProcStats(procDir = '/proc'): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const parsed = parseProcStat(readFileSync(`${procDir}/${name}/stat`, 'utf8'));
      if (parsed) stats.push(parsed);
    } catch {
      // exited between readdir and read
    }
  }
  return stats;
}

/**
 * The task's process tree: everything in its process group, plus descendants that left the group
 * (a child calling setsid still belongs to the task, as it would in the task's cgroup).
 */
function processTree(all: readonly ProcStat[], rootPid: number): ProcStat[] {
  const byParent = new Map<number, ProcStat[]>();
  for (const stat of all) {
    const siblings = byParent.get(stat.ppid) ?? [];
    siblings.push(stat);
    byParent.set(stat.ppid, siblings);
  }
  const members = new Map<number, ProcStat>();
  for (const stat of all) if (stat.pgrp === rootPid || stat.pid === rootPid) members.set(stat.pid, stat);
  const pending = [...members.keys()];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    for (const child of byParent.get(pid) ?? []) {
      if (!members.has(child.pid)) {
        members.set(child.pid, child);
        pending.push(child.pid);
      }
    }
  }
  return [...members.values()];
}

/** CPU seconds and RSS of a task's process tree, as a Mesos agent's cgroups would report them. */
function treeUsage(
  all: readonly ProcStat[],
  rootPid: number,
  units: { clockTicks: number; pageSize: number } = systemUnits(),
): TreeUsage {
  const { clockTicks, pageSize } = units;
  let user = 0;
  let system = 0;
  let rssPages = 0;
  let processes = 0;
  for (const stat of processTree(all, rootPid)) {
    user += stat.utime + stat.cutime;
    system += stat.stime + stat.cstime;
    if (stat.state !== 'Z') {
      rssPages += stat.rssPages;
      processes += 1;
    }
  }
  return {
    cpusUserTimeSecs: user / clockTicks,
    cpusSystemTimeSecs: system / clockTicks,
    memRssBytes: rssPages * pageSize,
    processes,
  };
}

/** True while any non-zombie process of the group (or the tree under `rootPid`) is alive. */
function treeAlive(rootPid: number, all: readonly ProcStat[] = readAllProcStats()): boolean {
  return processTree(all, rootPid).some((stat) => stat.state !== 'Z');
}

export type { ProcStat, TreeUsage };
export { parseProcStat, processTree, readAllProcStats, treeAlive, treeUsage };
