import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDecisionLine } from '#local/dashboard/index.ts';

/** Lines the scale function wrote (policy branch handler on the stand-in), EMF metric lines and junk included. */
const LINES = readFileSync(new URL('../../fixtures/dashboard/scale-log.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);
const decisionLines = LINES.filter((line) => line.includes('"message":"scaling decision"') && line.includes('action'));

describe('parseDecisionLine', () => {
  it('turns a scale-up decision line into a flat, applied decision with the observed CPU', () => {
    const decision = parseDecisionLine(decisionLines[0] as string);

    expect(decision).toEqual({
      at: '2026-11-25T20:21:06.809Z',
      appId: '/rest-app',
      cycleId: 'c-1',
      policy: 'target',
      current: 1,
      desired: 2,
      action: 'scale-up',
      reason: 'above-target',
      reasonText: 'mean CPU 97.0 % vs target 80 %: 1 → 2',
      blockedBy: null,
      applied: true,
      applyError: null,
      cpuMean: 0.97,
      cpuP90: 0.97,
      memMean: 0.3,
      samples: 1,
    });
  });

  it('keeps the reason of a "no change" decision and marks it not applied', () => {
    const decision = parseDecisionLine(decisionLines[1] as string);

    expect(decision).toMatchObject({ action: 'none', current: 2, desired: 2, applied: false, reason: 'stabilising' });
    expect(decision?.reasonText).toContain('stabilisation window keeps 2');
  });

  it('marks a decision whose scale failed at Marathon as not applied, with the error code', () => {
    const line = JSON.parse(decisionLines[2] as string);
    const failed = JSON.stringify({ ...line, deploymentId: null, applyError: 'MARATHON_LOCKED' });

    expect(parseDecisionLine(failed)).toMatchObject({
      action: 'scale-up',
      desired: 3,
      applied: false,
      applyError: 'MARATHON_LOCKED',
    });
  });

  it('finds exactly the three complete decisions among metric lines, other messages, junk and a cut-short line', () => {
    const decisions = LINES.map(parseDecisionLine).filter((d) => d !== undefined);

    expect(LINES.length).toBe(9);
    expect(decisions.map((d) => [d.cycleId, d.action])).toEqual([
      ['c-1', 'scale-up'],
      ['c-2', 'none'],
      ['c-3', 'scale-up'],
    ]);
  });

  it('accepts a line without observed figures, leaving them null', () => {
    const line = JSON.parse(decisionLines[0] as string);
    delete line.observed;

    expect(parseDecisionLine(JSON.stringify(line))).toMatchObject({ cpuMean: null, samples: null, current: 1 });
  });
});
