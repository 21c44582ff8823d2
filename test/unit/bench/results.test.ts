import { describe, expect, it } from 'vitest';
import { type Figure, goalMet } from '../../../bench/lib/results.ts';

const figure = (overrides: Partial<Figure>): Figure => ({ name: 'x', value: 10, unit: 'ms', ...overrides });

describe('goalMet', () => {
  it('compares the value when the goal is on the value', () => {
    expect(goalMet(figure({ goal: { op: '<', target: 150, on: 'value' } }))).toBe(true);
    expect(goalMet(figure({ value: 150, goal: { op: '<', target: 150, on: 'value' } }))).toBe(false);
  });

  it('compares the ratio when the goal is on the ratio', () => {
    expect(goalMet(figure({ ratio: 25, goal: { op: '>=', target: 20, on: 'ratio' } }))).toBe(true);
    expect(goalMet(figure({ ratio: 19.9, goal: { op: '>=', target: 20, on: 'ratio' } }))).toBe(false);
  });

  it('fails a ratio goal when no ratio was measured', () => {
    expect(goalMet(figure({ goal: { op: '>=', target: 0.8, on: 'ratio' } }))).toBe(false);
  });

  it('has no verdict without a goal', () => {
    expect(goalMet(figure({}))).toBeUndefined();
  });
});
