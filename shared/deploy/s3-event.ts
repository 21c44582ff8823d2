import { z } from 'zod';
import { describeZodIssues } from '../validation/index.ts';
import type { UploadEvent } from './deploy.ts';
import { DeployEventError } from './errors.ts';

/**
 * The fields of an S3 notification record the deploy function reads. Narrower than powertools' `S3Schema` on
 * purpose: that one requires an IPv4 `sourceIPAddress` and the response elements, so one upload over IPv6 (S3
 * dual-stack endpoints) would fail the whole event, though neither field is used here.
 * @example {"eventName": "ObjectCreated:Put", "eventTime": "2026-11-25T20:00:00.000Z",
 *   "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"}, "s3": {"bucket": {"name": "bundles"},
 *   "object": {"key": "incoming/rest+app.tar.gz", "eTag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "0055AED6DCD90281E5"}}}
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
const S3UploadRecordSchema = z.looseObject({
  eventName: z.string(),
  eventTime: z.iso.datetime({ offset: true }),
  userIdentity: z.looseObject({ principalId: z.string() }).optional(),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string() }),
    object: z.looseObject({
      key: z.string(),
      eTag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
const S3NotificationSchema = z.looseObject({ Records: z.array(S3UploadRecordSchema) });

/** What S3 sends once when a notification is configured; acknowledged and ignored. */
const S3TestEventSchema = z.looseObject({ Event: z.literal('s3:TestEvent') });

type ParsedRecord = { upload: UploadEvent } | { ignored: string; key: string };

/** S3 URL-encodes keys in events, with `+` for spaces. */
function decodeKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/**
 * Every record of an S3 notification, each either an upload to deploy or a reason to ignore it (test event, not
 * an ObjectCreated event, another bucket than `bucket` when given, a key that is not validly encoded, outside the
 * incoming prefix, not a .tar.gz). Throws DeployEventError naming the bad fields for a payload that is neither an
 * S3 notification nor a test event.
 */
function parseS3Event(event: unknown, incomingPrefix: string, bucket?: string): ParsedRecord[] {
  if (S3TestEventSchema.safeParse(event).success) return [{ ignored: 's3:TestEvent', key: '' }];
  const parsed = S3NotificationSchema.safeParse(event);
  if (!parsed.success) {
    const problems = describeZodIssues(parsed.error, '(event)');
    throw new DeployEventError(problems, { cause: parsed.error });
  }
  return parsed.data.Records.map((record): ParsedRecord => {
    const raw = record.s3.object.key;
    // The upload is read from the configured bucket: a record naming another one must not deploy its key from ours.
    if (bucket !== undefined && record.s3.bucket.name !== bucket) {
      return { ignored: `other bucket ${record.s3.bucket.name}`, key: raw };
    }
    let key: string;
    try {
      key = decodeKey(raw);
    } catch {
      return { ignored: 'key is not URL-encoded as S3 encodes it', key: raw };
    }
    if (!record.eventName.startsWith('ObjectCreated:')) return { ignored: `event ${record.eventName}`, key };
    if (!key.startsWith(incomingPrefix)) return { ignored: `outside ${incomingPrefix}`, key };
    if (!key.endsWith('.tar.gz')) return { ignored: 'not a .tar.gz', key };
    return {
      upload: {
        key,
        etag: record.s3.object.eTag || undefined,
        sequencer: record.s3.object.sequencer,
        eventTime: record.eventTime,
        who: record.userIdentity?.principalId ?? 'unknown',
      },
    };
  });
}

export type { ParsedRecord };
export { decodeKey, parseS3Event, S3NotificationSchema, S3UploadRecordSchema };
