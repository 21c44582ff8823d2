import { describe, expect, it } from 'vitest';
import { generateTrace, scaleTrace, TRACE_FAMILIES } from '#shared/simulation/index.ts';

describe('built-in trace families', () => {
  it.each(TRACE_FAMILIES)('%s is identical for the same seed and differs for another', (family) => {
    const first = generateTrace(family, 3);
    const again = generateTrace(family, 3);
    const other = generateTrace(family, 4);

    expect(again).toEqual(first);
    expect(other.demand).not.toEqual(first.demand);
  });

  it.each(TRACE_FAMILIES)('%s has one non-negative sample a minute', (family) => {
    const trace = generateTrace(family, 1);

    expect(trace.stepS).toBe(60);
    expect(trace.demand.length).toBeGreaterThanOrEqual(240);
    expect(trace.demand.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
  });

  it('makes the diurnal trace a day long with a peak several times its night floor', () => {
    const trace = generateTrace('diurnal', 1);

    expect(trace.demand).toHaveLength(24 * 60);
    expect(Math.max(...trace.demand)).toBeGreaterThan(4 * Math.min(...trace.demand));
  });

  it('makes the flash crowd rise at least 3× within a few minutes', () => {
    const { demand } = generateTrace('flash-crowd', 2);
    const jumps = demand.slice(5).map((value, i) => value / (demand[i] ?? value));

    expect(Math.max(...jumps)).toBeGreaterThan(3);
  });

  it('makes the step-down end at about a quarter of its start', () => {
    const { demand } = generateTrace('step-down', 5);
    const ratio = (demand.at(-1) ?? 0) / (demand[0] ?? 1);

    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.3);
  });

  it('rejects an unknown family and names the valid ones', () => {
    expect(() => generateTrace('sawtooth', 1)).toThrow(/diurnal, flash-crowd, slow-ramp, noisy-plateau, step-down/);
  });
});

describe('scaleTrace', () => {
  it('rescales the shape so the highest sample is the given peak', () => {
    const trace = { name: 't', stepS: 60, demand: [1, 4, 2], startMs: 0 };

    expect(scaleTrace(trace, 0.8).demand).toEqual([0.2, 0.8, 0.4]);
  });

  it('refuses a peak that is not positive and a trace without demand', () => {
    expect(() => scaleTrace(generateTrace('diurnal', 1), 0)).toThrow(/positive number/);
    expect(() => scaleTrace({ name: 'idle', stepS: 60, demand: [0, 0], startMs: 0 }, 1)).toThrow(/no demand/);
  });
});
