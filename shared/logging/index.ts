export { type LogFields, Logger, type LogLevel, type LogSink, logger, serializeError } from './logger.ts';
