import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSeries, type Decision, parseDecisionLine } from '#local/dashboard/index.ts';

const DECISIONS = readFileSync(new URL('../../fixtures/dashboard/scale-log.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .map(parseDecisionLine)
  .filter((d): d is Decision => d !== undefined);
const t = (iso: string) => Date.parse(iso);

describe('buildSeries', () => {
  it('draws instances as steps that rise at each applied decision, CPU per decision, and marks every decision', () => {
    const series = buildSeries('/rest-app', DECISIONS);

    expect(series.instances).toEqual([
      { t: t('2026-11-25T20:21:06.809Z'), v: 1 },
      { t: t('2026-11-25T20:21:06.809Z'), v: 2 },
      { t: t('2026-11-25T20:21:09.868Z'), v: 3 },
    ]);
    expect(series.cpu.map((p) => p.v)).toEqual([0.97, 0.05, 0.99]);
    expect(series.marks.map((m) => [m.action, m.applied, m.reason])).toEqual([
      ['scale-up', true, 'above-target'],
      ['none', false, 'stabilising'],
      ['scale-up', true, 'above-target'],
    ]);
  });

  it('ends the line at the count Marathon has now, e.g. after a manual scale', () => {
    const now = t('2026-11-25T20:30:00.000Z');

    const series = buildSeries('/rest-app', DECISIONS, { t: now, instances: 5 });

    expect(series.instances.at(-1)).toEqual({ t: now, v: 5 });
  });

  it('starts a new step when a decision sees a count the previous one did not set', () => {
    const [first] = DECISIONS as [Decision];
    const later = { ...first, at: '2026-11-25T20:25:00.000Z', current: 4, desired: 4, action: 'none', applied: false };

    const series = buildSeries('/rest-app', [later, first]);

    expect(series.instances.map((p) => p.v)).toEqual([1, 2, 4]);
  });

  it('leaves CPU out where a decision had no samples, and has only the present point without decisions', () => {
    const [first] = DECISIONS as [Decision];
    const now = Date.parse('2026-11-25T21:00:00.000Z');

    expect(buildSeries('/rest-app', [{ ...first, cpuMean: null }]).cpu).toEqual([]);
    expect(buildSeries('/x', [], { t: now, instances: 2 })).toEqual({
      appId: '/x',
      instances: [{ t: now, v: 2 }],
      cpu: [],
      marks: [],
    });
  });
});
