import {
  COLLECT_LOG,
  COLLECT_PROBLEM_FIELDS,
  COLLECT_SUMMARY_FIELDS,
  DEPLOY_OUTCOME_FIELDS,
  DEPLOY_OUTCOMES,
  LAMBDA_RUNTIME_LOG,
  LOG_BASE_FIELDS,
  LOG_LEVELS,
  SCALE_ACTIONS,
  SCALE_DECISION_FIELDS,
  SCALE_LOG,
  SCALE_OBSERVED_FIELDS,
  SCALE_PROBLEM_FIELDS,
} from '../logging/log-shapes.ts';
import { ObservabilityInputError } from './errors.ts';

/**
 * The saved CloudWatch Logs Insights queries, written from the log shape constants. infra/observability.yml
 * (`npm run gen:observability`) saves them as AWS::Logs::QueryDefinition and `autopilot decisions` runs
 * {@link decisionsQuery}: one text for both, so what operators save and what the CLI shows cannot differ.
 */

type FunctionKey = 'deploy' | 'collect' | 'scale';

interface SavedQuery {
  /** CloudFormation logical id prefix (`<id>Query`). */
  id: string;
  /** Last part of the saved name `<service>/<stage>/<name>` (the console shows `/` as folders). */
  name: string;
  description: string;
  /** Whose log groups the query reads. */
  functions: FunctionKey[];
  query: string;
}

const F = LOG_BASE_FIELDS;
const D = SCALE_DECISION_FIELDS;
const C = COLLECT_SUMMARY_FIELDS;
const P = COLLECT_PROBLEM_FIELDS;
const O = DEPLOY_OUTCOME_FIELDS;
const S = SCALE_PROBLEM_FIELDS;

/** Rows a saved query returns at most (Logs Insights' own default is 1000 too; stated so the CLI can rely on it). */
const QUERY_LIMIT = 1000;

/** Marathon app ids: `/`-separated lowercase DNS-like labels (the only ones a filter may be built from). */
const APP_ID = /^\/?[a-z0-9]([a-z0-9._-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/;

/** A Logs Insights string literal. */
const str = (value: string): string => JSON.stringify(value);
const eq = (field: string, value: string): string => `${field} = ${str(value)}`;
const nested = (parent: string, child: string): string => `${parent}.${child}`;
const pipeline = (...commands: string[]): string => commands.join('\n| ');
const fields = (...names: string[]): string => `fields @timestamp, ${names.join(', ')}`;
const newestFirst = [`sort @timestamp desc`, `limit ${QUERY_LIMIT}`];

const DECISION_FIELDS = [
  D.appId,
  D.action,
  D.current,
  D.desired,
  D.reason,
  D.reasonText,
  D.blockedBy,
  D.policy,
  nested(D.observed, SCALE_OBSERVED_FIELDS.cpuMean),
  nested(D.observed, SCALE_OBSERVED_FIELDS.memMean),
  D.cycleId,
  D.deploymentId,
  D.applyError,
  // The whole line last: `autopilot decisions` parses it as it parses a local log line.
  '@message',
];

function appFilter(appId: string | undefined): string[] {
  if (appId === undefined) return [];
  if (!APP_ID.test(appId)) {
    throw new ObservabilityInputError('INVALID_APP_ID', `not a Marathon app id: ${JSON.stringify(appId)}`);
  }
  // Apps are logged with their leading slash (Marathon's form); accept `web` for `/web`.
  return [eq(D.appId, appId.startsWith('/') ? appId : `/${appId}`)];
}

/** Every scaling decision (one per usage message, "no change" included) with its reason, newest first. */
function decisionsQuery(appId?: string): string {
  const where = [eq(F.message, SCALE_LOG.decision), ...appFilter(appId)].join(' and ');
  return pipeline(`filter ${where}`, fields(...DECISION_FIELDS), ...newestFirst);
}

/** Only the decisions that changed (or tried to change) an app's instance count. */
function actionsQuery(appId?: string): string {
  const where = [
    eq(F.message, SCALE_LOG.decision),
    `${D.action} != ${str(SCALE_ACTIONS.none)}`,
    ...appFilter(appId),
  ].join(' and ');
  return pipeline(`filter ${where}`, fields(...DECISION_FIELDS), ...newestFirst);
}

const decisionSummaryQuery = pipeline(
  `filter ${eq(F.message, SCALE_LOG.decision)}`,
  `stats count() as decisions by ${D.appId}, ${D.action}, ${D.reason}, ${D.blockedBy}`,
  'sort decisions desc',
);

const scaleProblemsQuery = pipeline(
  `filter ${[SCALE_LOG.failed, SCALE_LOG.poison, SCALE_LOG.invalidLabels, SCALE_LOG.stateNotSaved, SCALE_LOG.stateReset]
    .map((message) => eq(F.message, message))
    .join(' or ')} or ${eq(F.level, LOG_LEVELS.error)} or @message like /${LAMBDA_RUNTIME_LOG.invokeError}/`,
  fields(F.level, F.message, S.appId, S.messageId, S.code, S.reason, '@message'),
  ...newestFirst,
);

const deployOutcomesQuery = pipeline(
  `filter ispresent(${O.outcome})`,
  fields(O.outcome, O.appId, O.key, O.digest, O.deploymentId, O.reason, O.code, O.durationMs),
  ...newestFirst,
);

const rejectedBundlesQuery = pipeline(
  `filter ${eq(O.outcome, DEPLOY_OUTCOMES.rejected)}`,
  fields(O.key, O.appId, O.code, O.message, O.recordKey),
  ...newestFirst,
);

const collectCyclesQuery = pipeline(
  `filter ${eq(F.message, COLLECT_LOG.cycleSummary)}`,
  fields(C.cycleId, C.apps, C.tasks, C.tasksMissing, C.agentsPolled, C.agentsFailedCount, C.messages, C.messagesFailed),
  ...newestFirst,
);

/** Per-agent and per-message trouble, and cycles that failed outright (listing errors end the invocation). */
const collectFailuresQuery = pipeline(
  `filter ${[
    COLLECT_LOG.agentFailed,
    COLLECT_LOG.agentSkipped,
    COLLECT_LOG.sendFailed,
    COLLECT_LOG.countersUnreadable,
    COLLECT_LOG.countersNotSaved,
  ]
    .map((message) => eq(F.message, message))
    .join(' or ')} or ${eq(F.level, LOG_LEVELS.error)} or @message like /${LAMBDA_RUNTIME_LOG.invokeError}/`,
  fields(F.level, F.message, P.cycleId, P.agentId, P.appId, P.reason, '@message'),
  ...newestFirst,
);

const SAVED_QUERIES: readonly SavedQuery[] = [
  {
    id: 'ScalingDecisions',
    name: 'scaling-decisions',
    description: 'Every scaling decision per app with its reason (add `and appId = "/my-app"` to narrow).',
    functions: ['scale'],
    query: decisionsQuery(),
  },
  {
    id: 'ScalingActions',
    name: 'scaling-actions',
    description: 'Decisions that scaled an app up or down (or tried to: see applyError).',
    functions: ['scale'],
    query: actionsQuery(),
  },
  {
    id: 'ScalingDecisionSummary',
    name: 'scaling-decision-summary',
    description: 'Decisions counted per app, action, reason and blocking guard.',
    functions: ['scale'],
    query: decisionSummaryQuery,
  },
  {
    id: 'ScaleProblems',
    name: 'scale-problems',
    description: 'Scale failures, poison messages, invalid labels, state problems and failed invocations.',
    functions: ['scale'],
    query: scaleProblemsQuery,
  },
  {
    id: 'DeployOutcomes',
    name: 'deploy-outcomes',
    description: 'One row per uploaded bundle: accepted, deployed, unchanged, rejected, failed or ignored.',
    functions: ['deploy'],
    query: deployOutcomesQuery,
  },
  {
    id: 'RejectedBundles',
    name: 'rejected-bundles',
    description: 'Bundles the validator or Marathon refused, with the code and the reason.',
    functions: ['deploy'],
    query: rejectedBundlesQuery,
  },
  {
    id: 'CollectCycles',
    name: 'collector-cycles',
    description: 'One summary per completed collect cycle: apps, tasks, agents polled and failed, messages sent.',
    functions: ['collect'],
    query: collectCyclesQuery,
  },
  {
    id: 'CollectFailures',
    name: 'collector-failures',
    description: 'Agents that failed or were skipped, messages not sent, counter problems, failed cycles.',
    functions: ['collect'],
    query: collectFailuresQuery,
  },
];

/** The log group Lambda writes a function's output to (serverless names functions `<service>-<stage>-<key>`). */
function functionLogGroupName(stage: string, fn: FunctionKey, service = 'marathon-autopilot'): string {
  return `/aws/lambda/${service}-${stage}-${fn}`;
}

export type { FunctionKey, SavedQuery };
export { actionsQuery, decisionsQuery, functionLogGroupName, QUERY_LIMIT, SAVED_QUERIES };
