import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';

/**
 * What starts a cycle: an EventBridge scheduled event (the cron rule), or a bare object for a manual or local run
 * (`{}` or `{"cycleId": "..."}`). The cycle id comes from the event's `time`, so a retried delivery of the same
 * scheduled event gets the same id and SQS drops its duplicate messages.
 * @example {"version": "0", "id": "53dc4d37", "detail-type": "Scheduled Event", "source": "aws.events",
 *   "account": "123456789012", "time": "2026-11-25T20:00:00Z", "region": "us-east-1", "resources": [], "detail": {}}
 */
/** A manual or local run: `{}` or `{"cycleId": "..."}` (or no payload at all). */
const ManualEventSchema = z.union([
  z.looseObject({ cycleId: z.string().min(1).max(100).optional() }),
  z.null(),
  z.undefined(),
]);

const CollectEventSchema = z.union([EventBridgeSchema, ManualEventSchema]);

type CollectEvent = z.infer<typeof CollectEventSchema>;

/** The cycle id an event asks for, if any. Throws a ZodError for anything that is not such an event. */
function parseCollectEvent(event: unknown): { cycleId?: string } {
  const scheduled = EventBridgeSchema.safeParse(event);
  if (scheduled.success) return { cycleId: new Date(scheduled.data.time).toISOString() };
  const manual = ManualEventSchema.parse(event);
  return manual?.cycleId ? { cycleId: manual.cycleId } : {};
}

export type { CollectEvent };
export { CollectEventSchema, parseCollectEvent };
