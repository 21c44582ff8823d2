import { describe, expect, it } from 'vitest';
import { parseCsvTrace, TraceFormatError } from '#shared/simulation/index.ts';

function errorOf(text: string): TraceFormatError {
  try {
    parseCsvTrace(text);
  } catch (error) {
    if (error instanceof TraceFormatError) return error;
    throw error;
  }
  throw new Error('expected a TraceFormatError');
}

describe('parseCsvTrace', () => {
  it('reads ISO timestamps with a header and holds each sample until the next', () => {
    const trace = parseCsvTrace(
      ['timestamp,demand', '2026-03-01T10:00:00Z,1.5', '2026-03-01T10:01:00Z,2', '2026-03-01T10:03:00Z,4'].join('\n'),
      'mine',
    );

    expect(trace).toEqual({
      name: 'mine',
      stepS: 60,
      demand: [1.5, 2, 2, 4],
      startMs: Date.parse('2026-03-01T10:00:00Z'),
    });
  });

  it('reads seconds, skips blank lines and comments, accepts CRLF', () => {
    const trace = parseCsvTrace('# exported from grafana\r\n0,1\r\n\r\n10,2\r\n20,3\r\n');

    expect(trace.stepS).toBe(10);
    expect(trace.demand).toEqual([1, 2, 3]);
  });

  it('names the line and the field count of a row with too many fields', () => {
    const error = errorOf('timestamp,demand\n0,1\n60,2,3\n');

    expect(error.code).toBe('TRACE_FORMAT');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3: expected 2 fields/);
  });

  it('rejects a negative or non-numeric demand with its line', () => {
    expect(errorOf('0,1\n60,-2\n').message).toMatch(/line 2: demand must be a number ≥ 0/);
    expect(errorOf('0,1\n60,lots\n').message).toMatch(/line 2: .*"lots"/);
    expect(errorOf('0,1\n60,\n').line).toBe(2);
  });

  it('rejects an unreadable timestamp and shows the accepted forms', () => {
    expect(errorOf('0,1\nyesterday 5pm,2\n').message).toMatch(/line 2: timestamp must be ISO 8601 .* or seconds/);
  });

  it('rejects timestamps that do not increase', () => {
    const error = errorOf('60,1\n120,2\n90,3\n');

    expect(error.line).toBe(3);
    expect(error.message).toMatch(/must increase; "90" is not after line 2/);
  });

  it('rejects a file with fewer than two samples', () => {
    expect(errorOf('timestamp,demand\n0,1\n').message).toMatch(/at least 2 samples/);
  });

  it('rejects a trace longer than 31 days', () => {
    expect(errorOf(`0,1\n${40 * 86400},1\n`).message).toMatch(/31 days/);
  });
});
