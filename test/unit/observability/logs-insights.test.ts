import { describe, expect, it } from 'vitest';
import { metricPatternMatches, parseQuery, runQuery } from '#test/helpers/logs-insights.ts';

/** The test-side Logs Insights evaluator must itself be right, or the saved-query tests prove nothing. */

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ timestamp: '2026-11-25T20:00:00.000Z', level: 'info', message: 'm', ...fields });

const lines = [
  line({ timestamp: '2026-11-25T20:00:01.000Z', appId: '/a', action: 'scale-up', n: 3, nested: { x: 0.5 } }),
  line({ timestamp: '2026-11-25T20:00:02.000Z', appId: '/a', action: 'none', n: 1, blockedBy: null }),
  line({ timestamp: '2026-11-25T20:00:03.000Z', appId: '/b', action: 'none', n: 2, list: [{ id: 'S1' }] }),
  'START RequestId: 1 Version: $LATEST',
  '2026-11-25T20:00:04.000Z\tabc\tERROR\tInvoke Error \t{"errorType":"Error"}',
];

describe('runQuery', () => {
  it('filters with = and != (absent fields match neither) and projects the fields command', () => {
    expect(runQuery('fields appId, n | filter action != "none"', lines)).toEqual([{ appId: '/a', n: 3 }]);
    expect(runQuery('fields appId | filter action = "none" and appId = "/b"', lines)).toEqual([{ appId: '/b' }]);
  });

  it('treats JSON null as absent and flattens nested objects and arrays with dots', () => {
    expect(runQuery('fields appId | filter ispresent(blockedBy)', lines)).toEqual([]);
    expect(runQuery('fields nested.x | filter nested.x > 0.4', lines)).toEqual([{ 'nested.x': 0.5 }]);
    expect(runQuery('fields appId | filter list.0.id = "S1"', lines)).toEqual([{ appId: '/b' }]);
  });

  it('matches non-JSON lines on @message with like /regex/ and or/not/parentheses', () => {
    const rows = runQuery(
      'fields @message | filter @message like /Invoke Error/ or (n >= 3 and not action = "none")',
      lines,
    );
    expect(rows).toHaveLength(2);
    expect(runQuery('filter appId in ["/a", "/c"] | stats count() as c by appId', lines)).toEqual([
      { appId: '/a', c: 2 },
    ]);
  });

  it('counts by groups and sorts by an alias or a field, then limits', () => {
    expect(runQuery('filter ispresent(appId) | stats count() as c by appId | sort c desc', lines)).toEqual([
      { appId: '/a', c: 2 },
      { appId: '/b', c: 1 },
    ]);
    expect(runQuery('fields appId | filter ispresent(n) | sort @timestamp desc | limit 1', lines)).toEqual([
      { appId: '/b' },
    ]);
    expect(runQuery('filter ispresent(n) | stats count() by action', lines)).toEqual([
      { action: 'scale-up', 'count()': 1 },
      { action: 'none', 'count()': 2 },
    ]);
  });

  it('refuses syntax outside the supported subset instead of guessing', () => {
    expect(() => runQuery('parse @message "* *" as a, b', lines)).toThrow(/unsupported command/);
    expect(() => runQuery('filter n =~ 3', lines)).toThrow();
    expect(() => runQuery('stats avg(n) by appId', lines)).toThrow();
  });
});

describe('parseQuery', () => {
  it('lists the fields and the literals a query refers to, not stats aliases', () => {
    const parsed = parseQuery(
      'fields @timestamp, appId | filter message = "x" and @message like /y z/ | stats count() as c by action | sort c desc',
    );
    expect([...parsed.fieldRefs].sort()).toEqual(['@message', '@timestamp', 'action', 'appId', 'message']);
    expect([...parsed.literals].sort()).toEqual(['x', 'y z']);
  });
});

describe('metricPatternMatches', () => {
  it('matches JSON lines whose fields equal every condition', () => {
    const pattern = '{ ($.message = "scaling decision") && ($.blockedBy = "deployment") }';
    expect(
      metricPatternMatches(pattern, JSON.stringify({ message: 'scaling decision', blockedBy: 'deployment' })),
    ).toBe(true);
    expect(metricPatternMatches(pattern, JSON.stringify({ message: 'scaling decision', blockedBy: null }))).toBe(false);
    expect(metricPatternMatches(pattern, 'not json')).toBe(false);
  });
});
