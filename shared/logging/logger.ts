/**
 * One structured JSON line per event on stdout, which Lambda ships to CloudWatch Logs
 * and Logs Insights parses field by field.
 */
type LogLevel = 'debug' | 'info' | 'warn' | 'error';
type LogFields = Record<string, unknown>;
type LogSink = (line: string) => void;

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values must never reach a log line, at any depth. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|credential|cookie/i;
const REDACTED = '[redacted]';

function serializeError(error: Error): LogFields {
  const fields: LogFields = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) fields.code = code;
  if (error.cause instanceof Error) fields.cause = serializeError(error.cause);
  return fields;
}

function sanitize(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return serializeError(value);
  if (depth > 8 || value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  const out: LogFields = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : sanitize(item, depth + 1);
  }
  return out;
}

class Logger {
  readonly #service: string;
  readonly #persistent: LogFields;
  #level: LogLevel;
  #sink: LogSink;

  constructor(options: { service: string; level?: LogLevel; sink?: LogSink; fields?: LogFields }) {
    this.#service = options.service;
    this.#level = options.level ?? 'info';
    this.#sink = options.sink ?? ((line) => process.stdout.write(`${line}\n`));
    this.#persistent = options.fields ?? {};
  }

  setLevel(level: LogLevel): void {
    this.#level = level;
  }

  /** Redirects output, e.g. to capture lines in a test. Returns the previous sink. */
  setSink(sink: LogSink): LogSink {
    const previous = this.#sink;
    this.#sink = sink;
    return previous;
  }

  /** Adds fields to every later line (e.g. the function name at cold start). */
  appendKeys(fields: LogFields): void {
    Object.assign(this.#persistent, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  #write(level: LogLevel, message: string, fields?: LogFields): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.#level]) return;
    const line = {
      timestamp: new Date().toISOString(),
      level,
      service: this.#service,
      message,
      ...(sanitize(this.#persistent) as LogFields),
      ...(sanitize(fields ?? {}) as LogFields),
    };
    this.#sink(JSON.stringify(line));
  }
}

/** The process-wide logger; handlers set its level from config at cold start. */
const logger = new Logger({ service: 'marathon-autopilot' });

export type { LogFields, LogLevel, LogSink };
export { Logger, logger, serializeError };
