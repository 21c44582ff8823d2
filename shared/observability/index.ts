export { InsightsQueryError, ObservabilityInputError } from './errors.ts';
export {
  type DecisionLinesOptions,
  decisionLines,
  type InsightsQueryOptions,
  type InsightsRow,
  runInsightsQuery,
} from './insights-client.ts';
export { jsonEquals, LOG_METRICS, METRIC_FILTERS, type MetricFilterSpec } from './metric-filters.ts';
export {
  actionsQuery,
  decisionsQuery,
  type FunctionKey,
  functionLogGroupName,
  QUERY_LIMIT,
  SAVED_QUERIES,
  type SavedQuery,
} from './queries.ts';
