import { z } from 'zod';
import { appIdPath, currentKey, DIGEST_LABEL, deploysPrefix } from '#shared/deploy/index.ts';
import { parseDecisionLine as parseSharedDecisionLine } from '#shared/logging/decision-line.ts';
import { SCALE_LOG } from '#shared/logging/index.ts';

/**
 * The shapes the dashboard reads from other parts of the product, in one place so a change there is one fix here:
 * - the scale function's decision log line (shared/logging/scale-log.ts: message `SCALE_LOG.decision`, every field
 *   present, `null` when not applicable; test/integration/dashboard/decision-contract.test.ts holds us to it), one
 *   JSON line in `<logsDir>/scale.log`
 *   (local/runner writes each function's stdout to `<dataDir>/logs/<function>.log`);
 * - the deploy function's S3 records (keys from shared/deploy/keys.ts; shapes of shared/deploy/records.ts):
 *   `deploys/<app>/<ISO time>-<sha12>.json`, `deploys/<app>/current.json`, `rejected/<source key>.json`.
 * The record schemas here are looser than the deploy function's on purpose: the dashboard shows what it can (an
 * older or newer record) rather than hiding a whole history for one field.
 */

/** The log file holding the scale function's lines, relative to the logs directory. */
const SCALE_LOG_FILE = 'scale.log';
const DECISION_MESSAGE = SCALE_LOG.decision;

/** A decision as the API returns it: flat, with `applied` derived and nulls where the line had nothing. */
interface Decision {
  at: string;
  appId: string;
  cycleId: string | null;
  policy: string | null;
  current: number;
  desired: number;
  action: string;
  reason: string | null;
  reasonText: string | null;
  blockedBy: string | null;
  /** The change reached Marathon (a deployment id was logged). */
  applied: boolean;
  applyError: string | null;
  cpuMean: number | null;
  cpuP90: number | null;
  memMean: number | null;
  samples: number | null;
}

/**
 * Parses one log line with the CLI's own reader (shared/logging/decision-line.ts); `undefined` for anything that is
 * not a well-formed decision line (other messages, junk).
 */
function parseDecisionLine(line: string): Decision | undefined {
  const d = parseSharedDecisionLine(line);
  if (!d) return undefined;
  return {
    at: d.timestamp,
    appId: d.appId,
    cycleId: d.cycleId ?? null,
    policy: d.policy ?? null,
    current: d.current,
    desired: d.desired,
    action: d.action,
    reason: d.reason ?? null,
    reasonText: d.reasonText ?? null,
    blockedBy: d.blockedBy ?? null,
    applied: Boolean(d.deploymentId) && d.desired !== d.current,
    applyError: d.applyError ?? null,
    cpuMean: d.observed?.cpuMean ?? null,
    cpuP90: d.observed?.cpuP90 ?? null,
    memMean: d.observed?.memMean ?? null,
    samples: d.observed?.samples ?? null,
  };
}

const REJECTED_PREFIX = 'rejected/';

/** @example {"kind": "deploy", "appId": "rest-app", "digest": "9f2c…", "at": "2026-11-25T20:00:01.234Z", "outcome": "deployed"} */
const DeployRecordSchema = z.looseObject({
  kind: z.string(),
  appId: z.string(),
  digest: z.string(),
  at: z.string(),
  outcome: z.string().optional(),
  sourceKey: z.string().optional(),
  who: z.string().optional(),
  deploymentId: z.string().optional(),
});

/** @example {"appId": "rest-app", "digest": "9f2c…", "recordKey": "deploys/rest-app/…json", "at": "…"} */
const CurrentPointerSchema = z.looseObject({ appId: z.string(), digest: z.string(), recordKey: z.string().optional() });

/** @example {"code": "BUNDLE_INVALID_APP_ID", "message": "marathon.json is invalid: …", "key": "incoming/app.tar.gz", "at": "…"} */
const RejectionRecordSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  key: z.string().optional(),
  appId: z.string().optional(),
  digest: z.string().optional(),
  who: z.string().optional(),
  at: z.string(),
});

type DeployRecord = z.infer<typeof DeployRecordSchema>;
type RejectionRecord = z.infer<typeof RejectionRecordSchema>;

/**
 * `<dataDir>/stack.json`, written by `npm start` (local/demo/stack-file.ts on the start branch) once the local
 * stack listens: how the dashboard CLI finds it. Only the fields the dashboard needs.
 * @example {"pid": 4242, "bucket": "marathon-autopilot-local-us-east-1-bundles", "s3Endpoint": "http://127.0.0.1:40001",
 *   "marathonUrl": "http://127.0.0.1:40003", "mesosMasterUrl": "http://127.0.0.1:40004", "region": "us-east-1",
 *   "credentials": {"accessKeyId": "S3RVER", "secretAccessKey": "S3RVER"}, "logDir": "/repo/.local/logs"}
 */
const StackFileSchema = z.looseObject({
  bucket: z.string(),
  s3Endpoint: z.string(),
  marathonUrl: z.string(),
  mesosMasterUrl: z.string(),
  region: z.string().optional(),
  credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }).optional(),
  logDir: z.string(),
});
type StackFile = z.infer<typeof StackFileSchema>;

export type { Decision, DeployRecord, RejectionRecord, StackFile };
export {
  appIdPath,
  CurrentPointerSchema,
  currentKey,
  DECISION_MESSAGE,
  DeployRecordSchema,
  DIGEST_LABEL,
  deploysPrefix,
  parseDecisionLine,
  REJECTED_PREFIX,
  RejectionRecordSchema,
  SCALE_LOG_FILE,
  StackFileSchema,
};
