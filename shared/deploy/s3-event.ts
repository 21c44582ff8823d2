import { S3Schema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import type { UploadEvent } from './deploy.ts';

/** What S3 sends once when a notification is configured; acknowledged and ignored. */
const S3TestEventSchema = z.looseObject({ Event: z.literal('s3:TestEvent') });

type ParsedRecord = { upload: UploadEvent } | { ignored: string; key: string };

/** S3 URL-encodes keys in events, with `+` for spaces. */
function decodeKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/**
 * Every record of an S3 notification, each either an upload to deploy or a reason to ignore it
 * (test event, not an ObjectCreated event, outside the incoming prefix, not a .tar.gz).
 * Throws the zod error for a payload that is neither an S3 event nor a test event.
 */
function parseS3Event(event: unknown, incomingPrefix: string): ParsedRecord[] {
  if (S3TestEventSchema.safeParse(event).success) return [{ ignored: 's3:TestEvent', key: '' }];
  const { Records } = S3Schema.parse(event);
  return Records.map((record): ParsedRecord => {
    const key = decodeKey(record.s3.object.key);
    if (!record.eventName.startsWith('ObjectCreated:')) return { ignored: `event ${record.eventName}`, key };
    if (!key.startsWith(incomingPrefix)) return { ignored: `outside ${incomingPrefix}`, key };
    if (!key.endsWith('.tar.gz')) return { ignored: 'not a .tar.gz', key };
    return {
      upload: {
        key,
        etag: record.s3.object.eTag,
        sequencer: record.s3.object.sequencer,
        eventTime: record.eventTime,
        who: record.userIdentity.principalId,
      },
    };
  });
}

export type { ParsedRecord };
export { decodeKey, parseS3Event };
