import { z } from 'zod';
import { ManifestSchema } from '../bundle/manifest.ts';

/**
 * `deploys/<app>/<ISO time>-<sha12>.json`: one per applied deploy or rollback; the CLI lists and rolls back from these.
 * @example {"kind": "deploy", "appId": "rest-app", "digest": "9f2c…", "bundleKey": "bundles/rest-app/9f2c….tar.gz",
 *   "sourceKey": "incoming/app.tar.gz", "sequencer": "0055AED6DCD90281E5", "eventTime": "2026-11-25T20:00:00.000Z",
 *   "who": "AWS:AIDAEXAMPLE", "at": "2026-11-25T20:00:01.234Z", "manifest": {"id": "rest-app", "cmd": "…"},
 *   "deploymentId": "5ed4c0c5-…", "version": "2026-11-25T20:00:01.200Z", "outcome": "deployed"}
 */
const DeployRecordSchema = z.object({
  kind: z.enum(['deploy', 'rollback']),
  appId: z.string(),
  digest: z.string(),
  bundleKey: z.string(),
  sourceKey: z.string(),
  sequencer: z.string().optional(),
  /** When the upload happened (S3 event time); rollbacks use their own time. Orders deploys across keys. */
  eventTime: z.string(),
  who: z.string(),
  at: z.string(),
  manifest: ManifestSchema,
  deploymentId: z.string(),
  version: z.string().optional(),
  outcome: z.literal('deployed'),
});

/** `deploys/<app>/current.json`: what the app runs now; the ordering and no-op checks read it. */
const CurrentPointerSchema = z.object({
  appId: z.string(),
  digest: z.string(),
  recordKey: z.string(),
  sourceKey: z.string(),
  sequencer: z.string().optional(),
  eventTime: z.string(),
  at: z.string(),
});

/**
 * `rejected/<source key>.json`: why an upload was refused, for people (message) and tools (code, details).
 * @example {"code": "BUNDLE_INVALID_APP_ID", "message": "marathon.json is invalid: id: …; use \"rest-app\"",
 *   "details": {"problems": ["id: …"]}, "bucket": "bundles", "key": "incoming/app.tar.gz", "at": "2026-11-25T20:00:00Z"}
 */
const RejectionRecordSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  bucket: z.string(),
  key: z.string(),
  etag: z.string().optional(),
  sequencer: z.string().optional(),
  who: z.string(),
  digest: z.string().optional(),
  appId: z.string().optional(),
  at: z.string(),
});

type DeployRecord = z.infer<typeof DeployRecordSchema>;
type CurrentPointer = z.infer<typeof CurrentPointerSchema>;
type RejectionRecord = z.infer<typeof RejectionRecordSchema>;

export type { CurrentPointer, DeployRecord, RejectionRecord };
export { CurrentPointerSchema, DeployRecordSchema, RejectionRecordSchema };
