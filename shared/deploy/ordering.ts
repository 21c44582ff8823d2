import type { CurrentPointer } from './records.ts';

/** S3's rule: right-pad the shorter sequencer with zeros, then compare as strings (hex, same case). */
function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padEnd(width, '0');
  const right = b.toUpperCase().padEnd(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * True when this upload happened before the deploy `current` points at, so applying it would go back in time.
 * Same key: the sequencers decide (S3 orders events per key). Other keys: the event times decide.
 * A rollback's pointer carries the rollback's time, so uploads older than a rollback do not undo it.
 */
function isOlder(event: { key: string; sequencer?: string | undefined; eventTime: string }, current: CurrentPointer) {
  if (event.key === current.sourceKey && event.sequencer && current.sequencer) {
    return compareSequencers(event.sequencer, current.sequencer) < 0;
  }
  return Date.parse(event.eventTime) < Date.parse(current.eventTime);
}

export { compareSequencers, isOlder };
