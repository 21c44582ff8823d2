export { COLLECT_LOG, COLLECT_SUMMARY_FIELDS } from './log-names.ts';
export {
  COLLECT_PROBLEM_FIELDS,
  DEPLOY_LOG,
  DEPLOY_OUTCOME_FIELDS,
  DEPLOY_OUTCOMES,
  LAMBDA_RUNTIME_LOG,
  LOG_BASE_FIELDS,
  LOG_LEVELS,
  METRIC_DIMENSIONS,
  SCALE_ACTIONS,
  SCALE_BLOCKED_BY,
  SCALE_OBSERVED_FIELDS,
  SCALE_PROBLEM_FIELDS,
} from './log-shapes.ts';
export { type LogFields, Logger, type LogLevel, type LogSink, logger, serializeError } from './logger.ts';
export {
  emitScaleMetrics,
  METRICS_NAMESPACE,
  type MetricsSink,
  SCALE_METRICS,
  type ScaleMetricValues,
  scaleMetricsLine,
} from './metrics.ts';
export { SCALE_DECISION_FIELDS, SCALE_DROP_REASONS, SCALE_LOG } from './scale-log.ts';
