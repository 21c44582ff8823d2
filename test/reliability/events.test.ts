import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CollectEventError, parseCollectEvent } from '#shared/collect/index.ts';
import { SCHEDULED_EVENT as envelope } from '#test/helpers/scheduled-event.ts';
import { count, reportCounts } from './tally.ts';

/**
 * What can start a collect cycle: EventBridge's scheduled event (the rule), EventBridge Scheduler's bare input
 * (no envelope: `{}` or `{"cycleId": ...}`), a manual invoke, or junk. Every input either yields a cycle id plan
 * or a CollectEventError naming the problem; no other error escapes. (The handler's own path is in
 * test/integration/collect/handler.test.ts.)
 */

reportCounts();

/** Parses, counting the input, and returns the result or the typed error; anything else is a crash. */
function tryParse(event: unknown): { cycleId?: string } | CollectEventError {
  count('inputs');
  try {
    return parseCollectEvent(event);
  } catch (error) {
    if (error instanceof CollectEventError) return error;
    count('crashes');
    throw error;
  }
}

describe('collect events', () => {
  it('takes the cycle id from the envelope, and runs a fresh cycle for EventBridge Scheduler’s bare input', () => {
    expect(tryParse(envelope)).toEqual({ cycleId: '2026-11-25T20:00:00.000Z' });
    expect(tryParse({ ...envelope, time: '2026-11-25T20:00:00.123Z' })).toEqual({
      cycleId: '2026-11-25T20:00:00.123Z',
    });
    expect(tryParse({})).toEqual({});
    expect(tryParse(null)).toEqual({});
    expect(tryParse({ cycleId: 'manual-1', note: 'extra keys are fine' })).toEqual({ cycleId: 'manual-1' });
  });

  it('refuses every broken envelope field by field, naming the field', () => {
    for (const field of ['time', 'account', 'region', 'id', 'detail-type', 'source']) {
      const broken = { ...envelope, [field]: field === 'time' ? 'yesterday' : 42 };
      const result = tryParse(broken);
      expect(result).toBeInstanceOf(CollectEventError);
      expect((result as CollectEventError).message).toContain(field);
    }
  });

  it('never lets anything but a CollectEventError escape, for any value or any mangled envelope', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ cycleId: fc.anything() }),
          fc
            .dictionary(fc.constantFrom(...Object.keys(envelope)), fc.anything())
            .map((patch) => ({ ...envelope, ...patch })),
        ),
        (event) => {
          const result = tryParse(event);
          if (result instanceof CollectEventError) expect(result.problems.length).toBeGreaterThan(0);
          else if (result.cycleId !== undefined) expect(result.cycleId.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300, seed: 10 },
    );
  });
});
