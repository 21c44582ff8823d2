import { COLLECT_LOG, COLLECT_SUMMARY_FIELDS } from './log-names.ts';
import { METRICS_NAMESPACE, SCALE_METRICS } from './metrics.ts';
import { SCALE_DECISION_FIELDS, SCALE_LOG } from './scale-log.ts';

/**
 * The log line shapes operations depend on, in one place: the saved CloudWatch Logs Insights queries, the metric
 * filters, the dashboard and the alarms (infra/observability.yml, generated from shared/observability) and
 * `autopilot decisions` read exactly these message texts, field names and metric names. Documented in
 * docs/log-shapes.md; test/unit/observability checks that the real functions still emit them.
 *
 * Every line is one JSON object written by shared/logging/logger.ts: the base fields below, then the line's own
 * fields (which win on a name clash: a `message` field replaces the message text).
 */

/** Fields of every logger line; `function` is added by each handler at cold start (`logger.appendKeys`). */
const LOG_BASE_FIELDS = {
  timestamp: 'timestamp',
  level: 'level',
  service: 'service',
  message: 'message',
  function: 'function',
} as const;

const LOG_LEVELS = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' } as const;

/**
 * The line the Lambda runtime writes when a handler throws (local/runner/worker.ts writes the same text). On AWS
 * with the default text log format it is not JSON, so queries match it on `@message`.
 */
const LAMBDA_RUNTIME_LOG = { invokeError: 'Invoke Error' } as const;

/** Keys inside `observed` (Logs Insights flattens them to `observed.cpuMean`, ...). Fractions of task limits. */
const SCALE_OBSERVED_FIELDS = {
  cpuMean: 'cpuMean',
  cpuP90: 'cpuP90',
  memMean: 'memMean',
  overloaded: 'overloaded',
  samples: 'samples',
  tasksMissing: 'tasksMissing',
} as const;

const SCALE_ACTIONS = { up: 'scale-up', down: 'scale-down', none: 'none' } as const;

/** Fields of the scale problem lines ({@link SCALE_LOG} other than the decision). */
const SCALE_PROBLEM_FIELDS = { appId: 'appId', messageId: 'messageId', code: 'code', reason: 'reason' } as const;

/** Values of `blockedBy`: the guard that stopped a change. */
const SCALE_BLOCKED_BY = {
  cooldown: 'cooldown',
  deployment: 'deployment',
  bounds: 'bounds',
  maxChange: 'max-change',
  dryRun: 'dry-run',
  insufficientData: 'insufficient-data',
} as const;

/** Fields of the collect problem lines (COLLECT_LOG other than the summary, see ./log-names.ts). */
const COLLECT_PROBLEM_FIELDS = { cycleId: 'cycleId', agentId: 'agentId', appId: 'appId', reason: 'reason' } as const;

/**
 * The deploy function writes one line per upload outcome (shared/deploy/run.ts). Queries select them by the
 * `outcome` field, not by message text: the rejected line carries the validator's text in `message`.
 */
const DEPLOY_OUTCOMES = {
  accepted: 'accepted',
  deployed: 'deployed',
  unchanged: 'unchanged',
  rejected: 'rejected',
  failed: 'failed',
  ignored: 'ignored',
} as const;

/** Message text per outcome (the rejected line's text is replaced by its `message` field, see above). */
const DEPLOY_LOG = {
  accepted: 'bundle accepted',
  deployed: 'deploy deployed',
  unchanged: 'deploy unchanged',
  rejected: 'bundle rejected',
  failed: 'deploy failed',
  ignored: 'upload ignored',
} as const;

const DEPLOY_OUTCOME_FIELDS = {
  outcome: 'outcome',
  appId: 'appId',
  digest: 'digest',
  /** The uploaded object's key under the incoming prefix. */
  key: 'key',
  bundleKey: 'bundleKey',
  deploymentId: 'deploymentId',
  recordKey: 'recordKey',
  /** unchanged: `same-digest` | `older-than-current`; ignored: why. */
  reason: 'reason',
  /** rejected/failed: the error code (BUNDLE_*, MARATHON_*). */
  code: 'code',
  /** rejected: the validator's text (it replaces the message text). */
  message: 'message',
  error: 'error',
  durationMs: 'durationMs',
} as const;

/** Dimension names of the custom metrics. */
const METRIC_DIMENSIONS = { appId: 'AppId' } as const;

export {
  COLLECT_LOG,
  COLLECT_PROBLEM_FIELDS,
  COLLECT_SUMMARY_FIELDS,
  DEPLOY_LOG,
  DEPLOY_OUTCOME_FIELDS,
  DEPLOY_OUTCOMES,
  LAMBDA_RUNTIME_LOG,
  LOG_BASE_FIELDS,
  LOG_LEVELS,
  METRIC_DIMENSIONS,
  METRICS_NAMESPACE,
  SCALE_ACTIONS,
  SCALE_BLOCKED_BY,
  SCALE_DECISION_FIELDS,
  SCALE_LOG,
  SCALE_METRICS,
  SCALE_OBSERVED_FIELDS,
  SCALE_PROBLEM_FIELDS,
};
