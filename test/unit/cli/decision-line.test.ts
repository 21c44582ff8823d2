import { describe, expect, it } from 'vitest';
import { formatDecision, isChange, parseDecisionLine } from '#shared/logging/decision-line.ts';

// A line as the scale function writes it (functions/scale/README.md), trimmed to the fields that matter here.
const line = {
  timestamp: '2026-11-25T12:01:05.120Z',
  level: 'info',
  service: 'marathon-autopilot',
  function: 'scale',
  message: 'scaling decision',
  appId: '/rest-app',
  cycleId: '2026-11-25T12:01:00.000Z',
  policy: 'target',
  observed: { cpuMean: 1.85, memMean: 0.4 },
  current: 1,
  desired: 3,
  recommended: 3,
  action: 'scale-up',
  reason: 'above-target',
  reasonText: 'mean CPU 185.0 % vs target 60 %: 1 → 3',
  blockedBy: null,
  dryRun: false,
  deploymentId: 'd-1',
  applyError: null,
};

describe('parseDecisionLine', () => {
  it('reads a decision from its JSON text', () => {
    const decision = parseDecisionLine(JSON.stringify(line));
    expect(decision?.appId).toBe('/rest-app');
    expect(decision?.desired).toBe(3);
  });

  it('finds the JSON after a prefix such as the Lambda runtime adds in CloudWatch', () => {
    const decision = parseDecisionLine(`2026-11-25T12:01:05.120Z\tabc-123\tINFO\t${JSON.stringify(line)}`);
    expect(decision?.action).toBe('scale-up');
  });

  it('ignores other log lines, broken JSON and decisions missing required fields', () => {
    expect(parseDecisionLine(JSON.stringify({ ...line, message: 'scale message dropped' }))).toBeUndefined();
    expect(parseDecisionLine('{"message": "scaling decision", ')).toBeUndefined();
    expect(parseDecisionLine(JSON.stringify({ ...line, desired: undefined }))).toBeUndefined();
    expect(parseDecisionLine('plain text')).toBeUndefined();
  });

  it('keeps fields a newer scale function adds', () => {
    const decision = parseDecisionLine(JSON.stringify({ ...line, newField: 7 }));
    expect((decision as Record<string, unknown>).newField).toBe(7);
  });
});

describe('formatDecision', () => {
  it('prints time, app without its slash, policy, the change and its reason on one line', () => {
    const decision = parseDecisionLine(line);
    if (!decision) throw new Error('fixture does not parse');
    expect(formatDecision(decision, { utc: true })).toBe(
      '12:01:05 rest-app target 1 → 3 scale-up: mean CPU 185.0 % vs target 60 %: 1 → 3',
    );
  });

  it('marks a kept count with = and names the guard that blocked a change', () => {
    const decision = parseDecisionLine({ ...line, desired: 1, action: 'none', blockedBy: 'cooldown' });
    if (!decision) throw new Error('fixture does not parse');
    expect(formatDecision(decision, { utc: true })).toMatch(/ 1 = 1 none: .* \[blocked: cooldown\]$/);
  });

  it('says when a change was not applied and why', () => {
    const decision = parseDecisionLine({ ...line, applyError: 'MARATHON_LOCKED', deploymentId: null });
    if (!decision) throw new Error('fixture does not parse');
    expect(formatDecision(decision, { utc: true })).toMatch(/\[not applied: MARATHON_LOCKED\]$/);
  });

  it('falls back to the reason code when there is no reason text', () => {
    const decision = parseDecisionLine({ ...line, reasonText: undefined });
    if (!decision) throw new Error('fixture does not parse');
    expect(formatDecision(decision, { utc: true })).toMatch(/scale-up: above-target$/);
  });
});

describe('isChange', () => {
  it('is true for scale-up and scale-down only', () => {
    const parse = (action: string) => parseDecisionLine({ ...line, action });
    expect(isChange(parse('scale-up') ?? ({} as never))).toBe(true);
    expect(isChange(parse('scale-down') ?? ({} as never))).toBe(true);
    expect(isChange(parse('none') ?? ({} as never))).toBe(false);
  });
});

describe('formatDecision on a change a guard cut', () => {
  it('says the change was limited, not blocked', () => {
    const decision = parseDecisionLine({ ...line, current: 4, desired: 1, action: 'scale-down', blockedBy: 'bounds' });
    if (!decision) throw new Error('fixture does not parse');
    expect(formatDecision(decision, { utc: true })).toMatch(/ 4 → 1 scale-down: .* \[limited by: bounds\]$/);
  });
});
