/**
 * A tiny CloudWatch Logs Insights evaluator for the subset the saved queries use, so tests can run the real query
 * text against the real functions' log lines: `fields`, `filter` (`=`, `!=`, `<`, `<=`, `>`, `>=`, `like` with a
 * /regex/ or "substring", `in [...]`, `ispresent()`, `and`, `or`, `not`, parentheses), `stats count() [as x] by ...`,
 * `sort <field> [asc|desc]`, `limit`. Anything else throws, so a query using more than this is noticed.
 *
 * Records follow Logs Insights' JSON discovery: nested keys flattened with dots (`observed.cpuMean`,
 * `agentsFailed.0.id`), `@message` is the raw line, `@timestamp` the line's `timestamp`. Assumption: JSON `null`
 * behaves as absent (fails comparisons and `ispresent`).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */

import { type Expr, parseQuery, type Token, type Value } from './logs-insights-parse.ts';

type LogRecord = Record<string, Value>;

/** Flattened JSON fields of a line (`null` kept as null), or none when the line is not a JSON object. */
function flatten(line: string): Record<string, Value | null> {
  const out: Record<string, Value | null> = {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return out;
  }
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    } else if (path && value !== undefined) {
      out[path] = value as Value | null;
    }
  };
  if (parsed && typeof parsed === 'object') walk(parsed, '');
  return out;
}

/** The field names Logs Insights discovers in a line, null-valued ones included, plus its own `@` fields. */
function fieldNames(line: string): string[] {
  return ['@message', '@timestamp', ...Object.keys(flatten(line))];
}

function toRecord(line: string): LogRecord {
  const record: LogRecord = { '@message': line };
  for (const [name, value] of Object.entries(flatten(line))) if (value !== null) record[name] = value;
  if (typeof record.timestamp === 'string') record['@timestamp'] = record.timestamp;
  return record;
}

function literalValue(token: Token): Value {
  return token.kind === 'num' ? Number(token.text) : token.text;
}

function compare(actual: Value, op: string, token: Token): boolean {
  if (op === 'like') {
    const text = String(actual);
    return token.kind === 'regex' ? new RegExp(token.text).test(text) : text.includes(token.text);
  }
  const expected = literalValue(token);
  const [a, b] = typeof expected === 'number' ? [Number(actual), expected] : [String(actual), expected];
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function matches(record: LogRecord, expr: Expr): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(record, expr.left) && matches(record, expr.right);
    case 'or':
      return matches(record, expr.left) || matches(record, expr.right);
    case 'not':
      return !matches(record, expr.inner);
    case 'ispresent':
      return record[expr.field] !== undefined;
    case 'in': {
      const actual = record[expr.field];
      return actual !== undefined && expr.values.some((value) => compare(actual, '=', value));
    }
    default: {
      const actual = record[expr.field];
      return actual !== undefined && compare(actual, expr.op, expr.value);
    }
  }
}

/** Runs `query` over log lines (JSON or not) and returns the result rows as Logs Insights would show them. */
function runQuery(query: string, lines: readonly string[]): LogRecord[] {
  let records = lines.map(toRecord);
  let display: string[] | null = null;
  for (const command of parseQuery(query).commands) {
    if (command.kind === 'fields') display = command.fields;
    else if (command.kind === 'filter') records = records.filter((record) => matches(record, command.expr));
    else if (command.kind === 'limit') records = records.slice(0, command.count);
    else if (command.kind === 'sort') {
      const key = command.field;
      const sign = command.desc ? -1 : 1;
      records = [...records].sort((x, y) => {
        const [a, b] = [x[key] ?? '', y[key] ?? ''];
        return a < b ? -sign : a > b ? sign : 0;
      });
    } else {
      const groups = new Map<string, LogRecord>();
      for (const record of records) {
        const key = JSON.stringify(command.by.map((name) => record[name] ?? null));
        const row = groups.get(key) ?? Object.fromEntries(command.by.map((name) => [name, record[name] ?? '']));
        row[command.alias] = Number(row[command.alias] ?? 0) + 1;
        groups.set(key, row);
      }
      records = [...groups.values()];
      display = [...command.by, command.alias];
    }
  }
  const shown = display;
  if (!shown) return records;
  return records.map((record) =>
    Object.fromEntries(shown.filter((name) => record[name] !== undefined).map((name) => [name, record[name] as Value])),
  );
}

/** `{ ($.a = "x") && ($.b = 2) }`: the metric filter JSON pattern subset the templates use. */
function parseMetricPattern(pattern: string): Array<{ path: string; value: Value }> {
  const body = /^\{\s*(.*)\s*\}$/.exec(pattern.trim())?.[1];
  if (!body) throw new Error(`not a JSON metric filter pattern: ${pattern}`);
  return body.split('&&').map((part) => {
    const match = /^\(?\s*\$\.([\w.]+)\s*=\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)\s*\)?$/.exec(part.trim());
    if (!match) throw new Error(`unsupported metric filter condition: ${part}`);
    const [, path = '', raw = ''] = match;
    return { path, value: JSON.parse(raw) as Value };
  });
}

/** Whether a metric filter pattern matches a line. */
function metricPatternMatches(pattern: string, line: string): boolean {
  const record = toRecord(line);
  return parseMetricPattern(pattern).every(({ path, value }) => record[path] === value);
}

export type { ParsedQuery } from './logs-insights-parse.ts';
export type { LogRecord };
export { fieldNames, metricPatternMatches, parseMetricPattern, parseQuery, runQuery, toRecord };
