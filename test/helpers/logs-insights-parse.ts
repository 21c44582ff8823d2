/**
 * Parser for the CloudWatch Logs Insights subset test/helpers/logs-insights.ts evaluates: splits a query into
 * commands and each command into tokens; throws on anything outside the subset.
 */

type Value = string | number | boolean;
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

export type { Command, Expr, ParsedQuery, Token, Value };
export { parseQuery };
