import { describe, expect, it } from 'vitest';
import {
  baselineOf,
  baselineProblem,
  cpuBetween,
  memOf,
  round4,
  taskFigures,
  toSample,
} from '#shared/collect/index.ts';

const MiB = 1024 * 1024;

function stats(overrides: Record<string, number | undefined> = {}) {
  return {
    timestamp: 1000,
    cpus_limit: 0.5,
    cpus_user_time_secs: 10,
    cpus_system_time_secs: 5,
    mem_rss_bytes: 64 * MiB,
    mem_limit_bytes: 256 * MiB,
    ...overrides,
  };
}

describe('toSample', () => {
  it('adds user and system CPU seconds', () => {
    expect(toSample(stats()).cpuSecs).toBe(15);
  });

  it('has no CPU counter when the agent omits user or system time', () => {
    expect(toSample(stats({ cpus_system_time_secs: undefined })).cpuSecs).toBeNull();
  });

  it('treats a zero limit as missing rather than dividing by it', () => {
    expect(toSample(stats({ cpus_limit: 0, mem_limit_bytes: 0 }))).toMatchObject({
      cpusLimit: null,
      memLimitBytes: null,
    });
  });
});

describe('cpuBetween', () => {
  it('is Δ(user+system) / Δtimestamp / cpus_limit (24 s over 60 s at 0.5 CPU = 0.8)', () => {
    const before = baselineOf(toSample(stats()));
    const after = toSample(stats({ timestamp: 1060, cpus_user_time_secs: 30, cpus_system_time_secs: 9 }));

    expect(cpuBetween(before, after)).toEqual({ cpu: 0.8, intervalS: 60 });
  });

  it('uses the later sample’s limit (1.5 s over 10 s at 0.6 CPU = 0.25)', () => {
    const before = { cpuSecs: 100, ts: 50 };
    const after = toSample(
      stats({ timestamp: 60, cpus_limit: 0.6, cpus_user_time_secs: 101, cpus_system_time_secs: 0.5 }),
    );

    expect(cpuBetween(before, after).cpu).toBe(0.25);
  });

  it('rounds to 4 decimals (1 s over 3 s = 0.3333)', () => {
    const after = toSample(stats({ timestamp: 13, cpus_limit: 1, cpus_user_time_secs: 1, cpus_system_time_secs: 0 }));

    expect(cpuBetween({ cpuSecs: 0, ts: 10 }, after)).toEqual({ cpu: 0.3333, intervalS: 3 });
  });

  it('gives no figure when the counter went backwards (task restarted)', () => {
    const after = toSample(stats({ timestamp: 1060, cpus_user_time_secs: 2, cpus_system_time_secs: 1 }));

    expect(cpuBetween({ cpuSecs: 15, ts: 1000 }, after)).toEqual({ cpu: null, intervalS: null });
  });

  it('gives no figure across a different start of the executor, even if the counter grew', () => {
    const after = toSample(stats({ timestamp: 1060, cpus_user_time_secs: 40 }));
    const baseline = { cpuSecs: 15, ts: 1000, startedAt: '2026-11-25T19:00:00.000Z' };

    expect(cpuBetween(baseline, after, '2026-11-25T19:30:00.000Z').cpu).toBeNull();
    expect(cpuBetween(baseline, after, '2026-11-25T19:00:00.000Z').cpu).toBe(1); // (40 + 5 - 15) / 60 / 0.5
  });

  it('gives no figure when the timestamp did not advance', () => {
    expect(cpuBetween({ cpuSecs: 10, ts: 1000 }, toSample(stats())).cpu).toBeNull();
  });

  it('gives no figure without a baseline, a CPU counter or a limit', () => {
    expect(cpuBetween(undefined, toSample(stats())).cpu).toBeNull();
    expect(cpuBetween({ cpuSecs: 1, ts: 1 }, toSample(stats({ cpus_user_time_secs: undefined }))).cpu).toBeNull();
    expect(cpuBetween({ cpuSecs: 1, ts: 1 }, toSample(stats({ cpus_limit: undefined }))).cpu).toBeNull();
  });
});

describe('baselineProblem', () => {
  const current = toSample(stats({ timestamp: 2000, cpus_user_time_secs: 20 }));

  it('names why a baseline is unusable', () => {
    expect(baselineProblem(undefined, current, undefined)).toBe('none');
    expect(baselineProblem({ cpuSecs: 99, ts: 1000 }, current, undefined)).toBe('counter-reset');
    expect(baselineProblem({ cpuSecs: 1, ts: 2000 }, current, undefined)).toBe('clock');
    expect(baselineProblem({ cpuSecs: 1, ts: 1000, startedAt: 'a' }, current, 'b')).toBe('restarted');
    expect(baselineProblem({ cpuSecs: 1, ts: 1000 }, current, undefined, { maxAgeS: 900 })).toBe('stale');
  });

  it('accepts a fresh baseline of the same run', () => {
    expect(baselineProblem({ cpuSecs: 1, ts: 1500, startedAt: 'a' }, current, 'a', { maxAgeS: 900 })).toBeUndefined();
  });
});

describe('memOf and taskFigures', () => {
  it('is rss / mem_limit (64 MiB of 256 MiB = 0.25)', () => {
    expect(memOf(toSample(stats()))).toBe(0.25);
  });

  it('has no memory figure without a limit', () => {
    expect(memOf(toSample(stats({ mem_limit_bytes: undefined })))).toBeNull();
  });

  it('combines CPU over the interval with memory at its end', () => {
    const latest = toSample(stats({ timestamp: 1030, cpus_user_time_secs: 16, mem_rss_bytes: 128 * MiB }));

    expect(taskFigures({ cpuSecs: 15, ts: 1000 }, latest)).toEqual({ cpu: 0.4, mem: 0.5, intervalS: 30 });
  });

  it('rounds half away from zero at the 4th decimal', () => {
    expect(round4(0.123449)).toBe(0.1234);
    expect(round4(0.12345)).toBe(0.1235);
  });
});
