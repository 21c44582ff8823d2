import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { describeZodIssues } from '../validation/index.ts';
import { CollectEventError } from './errors.ts';

/**
 * What starts a cycle: an EventBridge scheduled event (the cron rule), or a bare object for a manual or local run
 * (`{}` or `{"cycleId": "..."}`). The cycle id comes from the event's `time`, so a retried delivery of the same
 * scheduled event gets the same id and SQS drops its duplicate messages.
 * @example {"version": "0", "id": "53dc4d37", "detail-type": "Scheduled Event", "source": "aws.events",
 *   "account": "123456789012", "time": "2026-11-25T20:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}
 */
/** A manual or local run: `{}` or `{"cycleId": "..."}` (or no payload at all). */
const ManualObjectSchema = z.looseObject({ cycleId: z.string().min(1).max(100).optional() });
const ManualEventSchema = z.union([ManualObjectSchema, z.null(), z.undefined()]);

const CollectEventSchema = z.union([EventBridgeSchema, ManualEventSchema]);

type CollectEvent = z.infer<typeof CollectEventSchema>;

/** An object carrying EventBridge's envelope keys claims to be one: it must then parse as one. */
function looksScheduled(event: unknown): boolean {
  return typeof event === 'object' && event !== null && ('detail-type' in event || 'source' in event);
}

/**
 * The cycle id an event asks for, if any. Throws CollectEventError naming the problems for anything else; an
 * EventBridge envelope that does not parse (no `time`, say) is refused rather than run as a manual cycle, whose
 * fresh cycle id would defeat the deduplication of a retried delivery.
 */
function parseCollectEvent(event: unknown): { cycleId?: string } {
  const scheduled = EventBridgeSchema.safeParse(event);
  if (scheduled.success) return { cycleId: new Date(scheduled.data.time).toISOString() };
  if (looksScheduled(event))
    throw new CollectEventError(describeZodIssues(scheduled.error, '(event)'), { cause: scheduled.error });
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new CollectEventError([
      `(event): expected an object, got ${Array.isArray(event) ? 'an array' : typeof event}`,
    ]);
  }
  const manual = ManualObjectSchema.safeParse(event);
  if (!manual.success) throw new CollectEventError(describeZodIssues(manual.error, '(event)'), { cause: manual.error });
  return manual.data.cycleId ? { cycleId: manual.data.cycleId } : {};
}

export type { CollectEvent };
export { CollectEventSchema, parseCollectEvent };
