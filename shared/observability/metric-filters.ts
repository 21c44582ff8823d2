import {
  COLLECT_LOG,
  COLLECT_SUMMARY_FIELDS,
  LOG_BASE_FIELDS,
  METRIC_DIMENSIONS,
  METRICS_NAMESPACE,
  SCALE_BLOCKED_BY,
  SCALE_DECISION_FIELDS,
  SCALE_LOG,
} from '../logging/log-shapes.ts';
import type { FunctionKey } from './queries.ts';

/**
 * Metrics made from log lines by CloudWatch Logs metric filters, for what the functions do not emit as EMF: the
 * collect summary (cycles, agents failed, messages not sent) and scale decisions blocked by a running deployment.
 */

/** Names of the metric-filter metrics (namespace {@link METRICS_NAMESPACE}). */
const LOG_METRICS = {
  collectCycles: 'CollectCycles',
  collectAgentsFailed: 'CollectAgentsFailed',
  collectMessagesNotSent: 'CollectMessagesNotSent',
  /** Per app (dimension AppId): for the dashboard. */
  scaleBlockedByDeployment: 'ScaleBlockedByDeployment',
  /** All apps together: alarms need one series, and apps come and go. */
  scaleBlockedByDeploymentAllApps: 'ScaleBlockedByDeploymentAllApps',
} as const;

interface MetricFilterSpec {
  /** CloudFormation logical id prefix (`<id>MetricFilter`). */
  id: string;
  fn: FunctionKey;
  /** `{ ($.a = "x") && ($.b = "y") }`: CloudWatch Logs JSON filter pattern syntax. */
  pattern: string;
  metricName: string;
  /** A number, or `$.field` to take the value from the line. */
  metricValue: string;
  unit: 'Count';
  /** Dimension name -> `$.field`. */
  dimensions?: Record<string, string>;
}

/** A JSON filter pattern matching lines whose fields equal the given strings. */
function jsonEquals(conditions: ReadonlyArray<readonly [field: string, value: string]>): string {
  return `{ ${conditions.map(([field, value]) => `($.${field} = ${JSON.stringify(value)})`).join(' && ')} }`;
}

const summaryLine = jsonEquals([[LOG_BASE_FIELDS.message, COLLECT_LOG.cycleSummary]]);
const blockedByDeployment = jsonEquals([
  [LOG_BASE_FIELDS.message, SCALE_LOG.decision],
  [SCALE_DECISION_FIELDS.blockedBy, SCALE_BLOCKED_BY.deployment],
]);

const METRIC_FILTERS: readonly MetricFilterSpec[] = [
  {
    id: 'CollectCycles',
    fn: 'collect',
    pattern: summaryLine,
    metricName: LOG_METRICS.collectCycles,
    metricValue: '1',
    unit: 'Count',
  },
  {
    id: 'CollectAgentsFailed',
    fn: 'collect',
    pattern: summaryLine,
    metricName: LOG_METRICS.collectAgentsFailed,
    metricValue: `$.${COLLECT_SUMMARY_FIELDS.agentsFailedCount}`,
    unit: 'Count',
  },
  {
    id: 'CollectMessagesNotSent',
    fn: 'collect',
    pattern: summaryLine,
    metricName: LOG_METRICS.collectMessagesNotSent,
    metricValue: `$.${COLLECT_SUMMARY_FIELDS.messagesFailed}`,
    unit: 'Count',
  },
  {
    id: 'ScaleBlockedByDeployment',
    fn: 'scale',
    pattern: blockedByDeployment,
    metricName: LOG_METRICS.scaleBlockedByDeployment,
    metricValue: '1',
    unit: 'Count',
    dimensions: { [METRIC_DIMENSIONS.appId]: `$.${SCALE_DECISION_FIELDS.appId}` },
  },
  {
    id: 'ScaleBlockedByDeploymentAllApps',
    fn: 'scale',
    pattern: blockedByDeployment,
    metricName: LOG_METRICS.scaleBlockedByDeploymentAllApps,
    metricValue: '1',
    unit: 'Count',
  },
];

export type { MetricFilterSpec };
export { jsonEquals, LOG_METRICS, METRIC_FILTERS, METRICS_NAMESPACE };
