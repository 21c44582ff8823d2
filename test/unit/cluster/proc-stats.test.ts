import { describe, expect, it } from 'vitest';
import { type ProcStat, parseProcStat, processTree, treeUsage } from '#local/cluster/index.ts';

function stat(pid: number, ppid: number, pgrp: number, utime: number, rssPages = 10, state = 'S'): ProcStat {
  return { pid, state, ppid, pgrp, utime, stime: 1, cutime: 0, cstime: 0, rssPages };
}

describe('/proc statistics', () => {
  it('parses a stat line whose command name holds spaces and parentheses', () => {
    const line =
      '4242 (python3 (x) y) S 4200 4242 4242 0 -1 4194560 100 0 0 0 150 25 3 2 20 0 1 0 999 1000000 2048 0 0';
    expect(parseProcStat(line)).toEqual({
      pid: 4242,
      state: 'S',
      ppid: 4200,
      pgrp: 4242,
      utime: 150,
      stime: 25,
      cutime: 3,
      cstime: 2,
      rssPages: 2048,
    });
  });

  it('takes the process group and descendants that left it, but not unrelated processes', () => {
    const all = [stat(100, 1, 100, 5), stat(101, 100, 100, 5), stat(102, 101, 102, 5), stat(200, 1, 200, 5)];
    expect(
      processTree(all, 100)
        .map((s) => s.pid)
        .sort(),
    ).toEqual([100, 101, 102]);
  });

  it('sums CPU ticks of the tree into seconds and ignores zombie memory', () => {
    const all = [stat(100, 1, 100, 100, 10), stat(101, 100, 100, 50, 20, 'Z')];
    const usage = treeUsage(all, 100, { clockTicks: 100, pageSize: 4096 });
    expect(usage.cpusUserTimeSecs).toBeCloseTo(1.5);
    expect(usage.cpusSystemTimeSecs).toBeCloseTo(0.02);
    expect(usage.memRssBytes).toBe(10 * 4096);
    expect(usage.processes).toBe(1);
  });
});
