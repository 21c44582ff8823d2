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

type Value = string | number | boolean;
type LogRecord = Record<string, Value>;
type Token = { kind: 'str' | 'num' | 'regex' | 'word' | 'op'; text: string };
type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr }
  | { kind: 'ispresent'; field: string }
  | { kind: 'cmp'; field: string; op: string; value: Token }
  | { kind: 'in'; field: string; values: Token[] };
type Command =
  | { kind: 'fields'; fields: string[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'stats'; alias: string; by: string[] }
  | { kind: 'sort'; field: string; desc: boolean }
  | { kind: 'limit'; count: number };

/** A parsed query and what it refers to: the field names and the string/regex literals, for cross-checks. */
interface ParsedQuery {
  commands: Command[];
  fieldRefs: Set<string>;
  literals: Set<string>;
}

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

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j += 1;
        value += text[j];
        j += 1;
      }
      if (j >= text.length) throw new Error(`unterminated string in: ${text}`);
      tokens.push({ kind: 'str', text: value });
      i = j + 1;
    } else if (c === '/' && tokens.at(-1)?.text === 'like') {
      const end = text.indexOf('/', i + 1);
      if (end < 0) throw new Error(`unterminated regex in: ${text}`);
      tokens.push({ kind: 'regex', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^\d+(\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'num', text: match[0] });
      i += match[0].length;
    } else if (/[@A-Za-z_]/.test(c)) {
      const match = /^@?[A-Za-z_][\w.]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const match = /^(!=|<=|>=|[=<>(),[\]])/.exec(text.slice(i));
      if (!match) throw new Error(`unsupported character ${JSON.stringify(c)} in: ${text}`);
      tokens.push({ kind: 'op', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Splits at `|` outside strings and regexes. */
function splitCommands(query: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i] as string;
    if (quote) {
      if (c === '\\') {
        current += c + (query[i + 1] ?? '');
        i += 1;
        continue;
      }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || (c === '/' && /like\s*$/.test(current))) {
      quote = c;
    } else if (c === '|') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current.trim());
  return parts;
}

class Parser {
  #tokens: Token[];
  #at = 0;
  readonly fieldRefs = new Set<string>();
  readonly literals = new Set<string>();

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  peek(): Token | undefined {
    return this.#tokens[this.#at];
  }
  next(): Token {
    const token = this.#tokens[this.#at];
    if (!token) throw new Error('unexpected end of command');
    this.#at += 1;
    return token;
  }
  accept(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.#at += 1;
    return true;
  }
  expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw new Error(`expected ${text}, got ${token.text}`);
  }
  done(): void {
    if (this.peek()) throw new Error(`unsupported syntax at ${this.peek()?.text}`);
  }
  field(): string {
    const token = this.next();
    if (token.kind !== 'word') throw new Error(`expected a field, got ${token.text}`);
    this.fieldRefs.add(token.text);
    return token.text;
  }
  fieldList(): string[] {
    const names = [this.field()];
    while (this.accept(',')) names.push(this.field());
    return names;
  }
  literal(): Token {
    const token = this.next();
    if (token.kind === 'word') throw new Error(`expected a literal, got ${token.text}`);
    if (token.kind === 'str' || token.kind === 'regex') this.literals.add(token.text);
    return token;
  }
  expr(): Expr {
    let left = this.conjunction();
    while (this.accept('or')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }
  conjunction(): Expr {
    let left = this.unary();
    while (this.accept('and')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }
  unary(): Expr {
    if (this.accept('not')) return { kind: 'not', inner: this.unary() };
    if (this.accept('(')) {
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    if (this.accept('ispresent')) {
      this.expect('(');
      const field = this.field();
      this.expect(')');
      return { kind: 'ispresent', field };
    }
    const field = this.field();
    if (this.accept('in')) {
      this.expect('[');
      const values = [this.literal()];
      while (this.accept(',')) values.push(this.literal());
      this.expect(']');
      return { kind: 'in', field, values };
    }
    const op = this.next().text;
    if (!['=', '!=', '<', '<=', '>', '>=', 'like'].includes(op)) throw new Error(`unsupported operator ${op}`);
    return { kind: 'cmp', field, op, value: this.literal() };
  }
}

function parseCommand(text: string, parser: Parser): Command {
  const keyword = parser.next().text;
  if (keyword === 'fields') return { kind: 'fields', fields: parser.fieldList() };
  if (keyword === 'filter') return { kind: 'filter', expr: parser.expr() };
  if (keyword === 'limit') return { kind: 'limit', count: Number(parser.literal().text) };
  if (keyword === 'sort') {
    const field = parser.next().text;
    const desc = parser.accept('desc');
    if (!desc) parser.accept('asc');
    return { kind: 'sort', field, desc };
  }
  if (keyword === 'stats') {
    parser.expect('count');
    parser.expect('(');
    parser.expect(')');
    const alias = parser.accept('as') ? parser.next().text : 'count()';
    parser.expect('by');
    return { kind: 'stats', alias, by: parser.fieldList() };
  }
  throw new Error(`unsupported command in: ${text}`);
}

function parseQuery(query: string): ParsedQuery {
  const fieldRefs = new Set<string>();
  const literals = new Set<string>();
  const commands = splitCommands(query).map((text) => {
    const parser = new Parser(tokenize(text));
    const command = parseCommand(text, parser);
    parser.done();
    for (const name of parser.fieldRefs) fieldRefs.add(name);
    for (const literal of parser.literals) literals.add(literal);
    return command;
  });
  // `sort decisions` names a stats alias, not a log field.
  for (const command of commands) if (command.kind === 'stats') fieldRefs.delete(command.alias);
  return { commands, fieldRefs, literals };
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

export type { LogRecord, ParsedQuery };
export { fieldNames, metricPatternMatches, parseMetricPattern, parseQuery, runQuery, toRecord };
