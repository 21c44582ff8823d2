/**
 * Message texts and field names of the scale function's log lines that other code depends on (CloudWatch Logs
 * Insights queries, dashboards, alarms, the integration tests). Change them only together with those.
 */

/** Messages the scale function logs. */
const SCALE_LOG = {
  /** info, one per processed message, "no change" included: fields {@link SCALE_DECISION_FIELDS}. */
  decision: 'scaling decision',
  /** warn/info: a message acknowledged without a decision (`appId`, `cycleId`, `reason`: {@link SCALE_DROP_REASONS}). */
  dropped: 'scale message dropped',
  /** error: a malformed message forwarded to the DLQ (`messageId`, `reason`, `forwarded`). */
  poison: 'scale poison message',
  /** error: the app's autopilot.* labels are invalid; the app is left alone (`appId`, `problems`). */
  invalidLabels: 'scale invalid labels',
  /** warn (retried) or error (dropped): reading or scaling the app failed (`appId`, `code`, `retry`, `error`). */
  failed: 'scale failed',
  /** error: the app was scaled but its state could not be saved (`appId`, `error`). */
  stateNotSaved: 'scale state not saved',
  /** warn: the stored state was unreadable and was replaced by a fresh one (`appId`, `problems`). */
  stateReset: 'scale state reset',
} as const;

/** Why a message was acknowledged without a decision. */
const SCALE_DROP_REASONS = {
  stale: 'stale',
  duplicate: 'duplicate',
  superseded: 'superseded',
  appNotFound: 'app-not-found',
  notEnabled: 'not-enabled',
} as const;

/** Fields of the {@link SCALE_LOG.decision} line. Every field is always present (`null` when not applicable). */
const SCALE_DECISION_FIELDS = {
  appId: 'appId',
  cycleId: 'cycleId',
  policy: 'policy',
  /** The policy's parameters after defaults (the full config minus `policy`). */
  params: 'params',
  /** `{ cpuMean, cpuP90, memMean, overloaded, samples, tasksMissing }` (fractions of the task limits). */
  observed: 'observed',
  current: 'current',
  desired: 'desired',
  /** The policy's recommendation before the guards. */
  recommended: 'recommended',
  /** 'scale-up' | 'scale-down' | 'none'. */
  action: 'action',
  /** Stable reason code (see docs/scaling.md) and its words. */
  reason: 'reason',
  reasonText: 'reasonText',
  /** 'cooldown' | 'deployment' | 'bounds' | 'max-change' | 'dry-run' | 'insufficient-data' | null. */
  blockedBy: 'blockedBy',
  dryRun: 'dryRun',
  /** Marathon's deployment id when the change was applied, else null. */
  deploymentId: 'deploymentId',
  /** Error code when applying failed (e.g. MARATHON_LOCKED), else null. */
  applyError: 'applyError',
} as const;

export { SCALE_DECISION_FIELDS, SCALE_DROP_REASONS, SCALE_LOG };
