import { describe, expect, it } from 'vitest';
import type { AppSeries } from '#local/dashboard/index.ts';

/** The page's chart module is plain browser JavaScript (no build step); its geometry part needs no DOM. */
interface ChartModule {
  chartModel(
    series: AppSeries,
    box: { width: number; height: number; now?: number },
  ): {
    empty: boolean;
    plot: { left: number; right: number; top: number; bottom: number };
    instancesPath: string;
    cpuPath: string;
    marks: { x: number; kind: string; title: string }[];
    instanceTicks: { y: number; label: string }[];
    cpuTicks: { y: number; label: string }[];
  };
  ticks(max: number, count: number): number[];
}
const chartUrl = new URL('../../../local/dashboard/static/chart.js', import.meta.url).href;
const { chartModel, ticks } = (await import(chartUrl)) as ChartModule;

const T0 = Date.parse('2026-11-25T20:00:00.000Z');
const SERIES: AppSeries = {
  appId: '/rest-app',
  instances: [
    { t: T0, v: 1 },
    { t: T0 + 60_000, v: 1 },
    { t: T0 + 60_000, v: 3 },
    { t: T0 + 240_000, v: 2 },
  ],
  cpu: [
    { t: T0, v: 0.4 },
    { t: T0 + 60_000, v: 0.97 },
    { t: T0 + 240_000, v: 0.3 },
  ],
  marks: [
    {
      t: T0 + 60_000,
      action: 'scale-up',
      current: 1,
      desired: 3,
      applied: true,
      reason: 'above-target',
      reasonText: 'hot',
      blockedBy: null,
    },
    {
      t: T0 + 120_000,
      action: 'none',
      current: 3,
      desired: 3,
      applied: false,
      reason: 'stabilising',
      reasonText: null,
      blockedBy: null,
    },
    {
      t: T0 + 240_000,
      action: 'scale-down',
      current: 3,
      desired: 2,
      applied: false,
      reason: 'below-target',
      reasonText: 'cold',
      blockedBy: 'cooldown',
    },
  ],
};

describe('chartModel', () => {
  it('says so when there is nothing to draw', () => {
    expect(chartModel({ appId: '/x', instances: [], cpu: [], marks: [] }, { width: 900, height: 220 }).empty).toBe(
      true,
    );
  });

  it('draws instances as horizontal-then-vertical steps and CPU as a line, inside the plot box', () => {
    const model = chartModel(SERIES, { width: 900, height: 220, now: T0 + 240_000 });

    expect(model.instancesPath).toMatch(/^M[\d.]+,[\d.]+(H[\d.]+V[\d.]+){3}$/);
    expect(model.cpuPath).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){2}$/);
    const numbers = [...model.cpuPath.matchAll(/[\d.]+/g)].map((m) => Number(m[0]));
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBe(model.plot.left);
    expect(Math.max(...xs)).toBe(model.plot.right);
    for (const y of ys) expect(y).toBeGreaterThanOrEqual(model.plot.top);
    for (const y of ys) expect(y).toBeLessThanOrEqual(model.plot.bottom);
  });

  it('marks every decision by its kind, saying when it was not applied and why', () => {
    const model = chartModel(SERIES, { width: 900, height: 220, now: T0 + 240_000 });

    expect(model.marks.map((m) => m.kind)).toEqual(['up', 'none', 'down']);
    expect(model.marks[0]?.title).toContain('scale-up 1→3: hot');
    expect(model.marks[2]?.title).toContain('(not applied): cold');
    expect(model.marks[0]?.x).toBeLessThan(model.marks[1]?.x ?? 0);
  });

  it('labels the CPU axis in percent up to the highest use, at least 100 %', () => {
    const model = chartModel(SERIES, { width: 900, height: 220 });

    expect(model.cpuTicks.map((t) => t.label)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(model.instanceTicks.at(-1)?.label).toBe('4');
  });
});

describe('ticks', () => {
  it('picks round steps', () => {
    expect(ticks(4, 4)).toEqual([0, 1, 2, 3, 4]);
    expect(ticks(100, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(ticks(7, 4)).toEqual([0, 2, 4, 6]);
  });
});
