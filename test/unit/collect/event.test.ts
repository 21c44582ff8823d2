import { describe, expect, it } from 'vitest';
import { parseCollectEvent } from '#shared/collect/index.ts';
import { SCHEDULED_EVENT as scheduled } from '#test/helpers/scheduled-event.ts';

describe('parseCollectEvent', () => {
  it('takes the cycle id from a scheduled event’s time, normalised to ISO with milliseconds', () => {
    expect(parseCollectEvent(scheduled)).toEqual({ cycleId: '2026-11-25T20:00:00.000Z' });
  });

  it('accepts a bare object with or without a cycle id, and no event at all', () => {
    expect(parseCollectEvent({ cycleId: 'manual-1' })).toEqual({ cycleId: 'manual-1' });
    expect(parseCollectEvent({})).toEqual({});
    expect(parseCollectEvent(undefined)).toEqual({});
  });

  it('refuses what is not an event', () => {
    expect(() => parseCollectEvent('go')).toThrow(/not a collect event: \(event\): expected an object, got string/);
    expect(() => parseCollectEvent({ cycleId: 42 })).toThrow(/cycleId/);
  });

  it('refuses a scheduled event with a broken envelope instead of running it as a manual cycle', () => {
    const { time: _time, ...noTime } = scheduled;
    for (const [event, field] of [
      [noTime, 'time'],
      [{ ...scheduled, time: 'yesterday' }, 'time'],
      [{ 'detail-type': 'Scheduled Event', source: 'aws.events' }, 'account'],
    ] as const) {
      expect(() => parseCollectEvent(event)).toThrow(expect.objectContaining({ code: 'COLLECT_BAD_EVENT' }));
      expect(() => parseCollectEvent(event)).toThrow(new RegExp(field));
    }
  });
});
