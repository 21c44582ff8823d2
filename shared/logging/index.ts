export { COLLECT_LOG, COLLECT_SUMMARY_FIELDS } from './log-names.ts';
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
