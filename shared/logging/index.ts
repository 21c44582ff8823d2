export { COLLECT_LOG, COLLECT_SUMMARY_FIELDS } from './log-names.ts';
export { type LogFields, Logger, type LogLevel, type LogSink, logger, serializeError } from './logger.ts';
