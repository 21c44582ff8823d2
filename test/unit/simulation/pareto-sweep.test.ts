import { describe, expect, it } from 'vitest';
import { paretoFront, parseParams, SimulationConfigError, sweepGrid } from '#shared/simulation/index.ts';

describe('paretoFront', () => {
  it('keeps exactly the points no other point beats on both costs, by ascending first cost', () => {
    const points = [
      { id: 'a', x: 10, y: 1 },
      { id: 'b', x: 5, y: 5 },
      { id: 'c', x: 6, y: 5 }, // dominated by b
      { id: 'd', x: 1, y: 9 },
      { id: 'e', x: 5, y: 6 }, // dominated by b (equal x, worse y)
      { id: 'f', x: 12, y: 1 }, // dominated by a
      { id: 'g', x: 0, y: 20 },
    ];

    const front = paretoFront(
      points,
      (p) => p.x,
      (p) => p.y,
    );

    expect(front.map((p) => p.id)).toEqual(['g', 'd', 'b', 'a']);
  });

  it('keeps identical points together since neither beats the other', () => {
    const front = paretoFront(
      [
        { x: 1, y: 1 },
        { x: 1, y: 1 },
      ],
      (p) => p.x,
      (p) => p.y,
    );

    expect(front).toHaveLength(2);
  });
});

describe('sweepGrid and parseParams', () => {
  it('expands every combination in flag order', () => {
    expect(sweepGrid(['targetCpu=60,70', 'maxInstances=10,20'])).toEqual([
      { targetCpu: 60, maxInstances: 10 },
      { targetCpu: 60, maxInstances: 20 },
      { targetCpu: 70, maxInstances: 10 },
      { targetCpu: 70, maxInstances: 20 },
    ]);
  });

  it('coerces numbers and booleans and keeps other values as text', () => {
    expect(parseParams(['targetCpu=65', 'dryRun=false', 'triggerMode=or'])).toEqual({
      targetCpu: 65,
      dryRun: false,
      triggerMode: 'or',
    });
  });

  it('says how to write a malformed assignment', () => {
    expect(() => parseParams(['targetCpu'])).toThrow(/--param expects key=value \(e.g. --param targetCpu=60\)/);
    expect(() => sweepGrid(['=1,2'])).toThrow(SimulationConfigError);
  });

  it('refuses a grid too large to run in reasonable time', () => {
    const axis = Array.from({ length: 11 }, (_, i) => i).join(',');
    expect(() => sweepGrid([`a=${axis}`, `b=${axis}`, `c=${axis}`])).toThrow(/1331 combinations/);
  });
});
