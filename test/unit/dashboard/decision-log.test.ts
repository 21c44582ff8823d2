import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DecisionLog, filterDecisions, parseSince } from '#local/dashboard/index.ts';

const FIXTURE = new URL('../../fixtures/dashboard/scale-log.jsonl', import.meta.url);

describe('DecisionLog', () => {
  let dir: string;
  let lines: string[];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'decision-log-'));
    lines = (await readFile(FIXTURE, 'utf8')).split('\n').filter(Boolean);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has no decisions while the scale function has not written its log yet', async () => {
    expect(await new DecisionLog(dir).read()).toEqual([]);
  });

  it('picks up lines appended since the last read, waiting for a line still being written', async () => {
    const file = path.join(dir, 'scale.log');
    const log = new DecisionLog(dir);
    await writeFile(file, `${lines.slice(0, 2).join('\n')}\n`);
    expect((await log.read()).map((d) => d.cycleId)).toEqual(['c-1']);

    const third = lines[3] as string;
    await appendFile(file, `${lines[2]}\n${third.slice(0, 40)}`);
    expect((await log.read()).map((d) => d.cycleId)).toEqual(['c-1']);

    await appendFile(file, `${third.slice(40)}\n${lines.slice(4).join('\n')}\n`);
    expect((await log.read()).map((d) => d.cycleId)).toEqual(['c-1', 'c-2', 'c-3']);
  });

  it('starts over when the file was replaced by a shorter one', async () => {
    const file = path.join(dir, 'scale.log');
    const log = new DecisionLog(dir);
    await writeFile(file, `${lines.join('\n')}\n`);
    expect(await log.read()).toHaveLength(3);

    await writeFile(file, `${lines[1]}\n`);

    expect((await log.read()).map((d) => d.cycleId)).toEqual(['c-1']);
  });

  it('serves concurrent reads from one pass over the file', async () => {
    await writeFile(path.join(dir, 'scale.log'), `${lines.join('\n')}\n`);
    const log = new DecisionLog(dir);

    const [a, b] = await Promise.all([log.read(), log.read()]);

    expect(a).toHaveLength(3);
    expect(b).toBe(a);
  });
});

describe('parseSince', () => {
  const now = Date.parse('2026-11-25T21:00:00.000Z');

  it('reads durations back from now, ISO times and epoch milliseconds', () => {
    expect(parseSince('15m', now)).toBe(now - 15 * 60_000);
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('2026-11-25T20:00:00Z', now)).toBe(Date.parse('2026-11-25T20:00:00Z'));
    expect(parseSince('1795638000000', now)).toBe(1795638000000);
  });

  it('refuses text that is none of these', () => {
    expect(parseSince('yesterday', now)).toBeUndefined();
    expect(parseSince('15 minutes', now)).toBeUndefined();
  });
});

describe('filterDecisions', () => {
  it('matches app ids with or without the leading slash and keeps decisions at or after since', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'decision-log-'));
    try {
      await writeFile(path.join(dir, 'scale.log'), await readFile(FIXTURE));
      const all = await new DecisionLog(dir).read();

      expect(filterDecisions(all, { appId: 'rest-app' })).toHaveLength(3);
      expect(filterDecisions(all, { appId: '/other' })).toHaveLength(0);
      const since = Date.parse('2026-11-25T20:21:09.829Z');
      expect(filterDecisions(all, { appId: '/rest-app', sinceMs: since }).map((d) => d.cycleId)).toEqual([
        'c-2',
        'c-3',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
