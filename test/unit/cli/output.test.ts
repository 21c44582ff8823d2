import { describe, expect, it } from 'vitest';
import { ago, bytes, parseDuration, table } from '../../../cli/lib/output.ts';

describe('parseDuration', () => {
  it('reads ms, s, m, h, d and plain milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1200')).toBe(1_200);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'm', '10 minutes', '-5s', '10w']) expect(parseDuration(bad)).toBeUndefined();
  });
});

describe('table', () => {
  it('aligns columns under their header and prints missing cells as -', () => {
    expect(
      table(
        ['APP', 'N', 'DIGEST'],
        [
          ['rest-app', 3, null],
          ['a', 10, 'abc'],
        ],
      ),
    ).toEqual(['APP       N   DIGEST', 'rest-app  3   -', 'a         10  abc']);
  });
});

describe('bytes and ago', () => {
  it('prints sizes in binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(300 * 1024 * 1024)).toBe('300 MiB');
  });

  it('prints how long ago a time was', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(ago('2026-11-25T11:59:30Z', now)).toBe('30s ago');
    expect(ago('2026-11-25T11:50:00Z', now)).toBe('10m ago');
    expect(ago('2026-11-25T09:30:00Z', now)).toBe('2h 30m ago');
    expect(ago(undefined, now)).toBe('-');
  });
});
