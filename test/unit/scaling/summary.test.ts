import { describe, expect, it } from 'vitest';
import { mean, percentile, summarise } from '#shared/scaling/index.ts';

describe('utilisation summary', () => {
  it('computes mean, nearest-rank p90 and the overloaded count over the tasks with samples', () => {
    const tasks = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0].map((cpu) => ({ cpu, mem: cpu / 2 }));

    const summary = summarise([...tasks, { cpu: null, mem: null }], 0.75);

    expect(summary.cpuMean).toBeCloseTo(0.55);
    expect(summary.cpuP90).toBe(0.9);
    expect(summary.memMean).toBeCloseTo(0.275);
    expect(summary).toMatchObject({ overloaded: 3, samples: 10 });
  });

  it('has no mean or percentile without samples', () => {
    expect(mean([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
    expect(percentile([3, 1, 2], 0)).toBe(1);
  });
});
