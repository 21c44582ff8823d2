import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DECISION_MESSAGE, type DecisionLine, parseDecisionLine } from '#shared/logging/decision-line.ts';
import { decisionLines } from '#shared/observability/index.ts';
import type { DecisionSource } from './target.ts';

/**
 * Scaling decisions read back from where the scale function logs them: the local runner's `scale.log` (one JSON
 * line each) or the function's CloudWatch log group (FilterLogEvents with a JSON filter pattern on the message).
 */
interface DecisionQuery {
  /** Only this app (`rest-app` or `/rest-app`). */
  appId?: string | undefined;
  /** Only decisions at or after this time (ms since epoch). */
  sinceMs?: number | undefined;
  /**
   * CloudWatch only: run the stack's saved Logs Insights query (shared/observability) instead of FilterLogEvents:
   * faster over long windows, at most 10 000 lines (the newest).
   */
  insights?: boolean | undefined;
  /** With `insights`: only changes (the saved `scaling-actions` query). */
  changesOnly?: boolean | undefined;
}

const sameApp = (a: string, b: string) => a.replace(/^\/+/, '') === b.replace(/^\/+/, '');

function matches(decision: DecisionLine, query: DecisionQuery): boolean {
  if (query.appId && !sameApp(decision.appId, query.appId)) return false;
  if (query.sinceMs !== undefined && Date.parse(decision.timestamp) < query.sinceMs) return false;
  return true;
}

/** Bytes of `path` from `offset` on, as complete lines, and the offset after the last complete line. */
async function readLinesFrom(path: string, offset: number): Promise<{ lines: string[]; next: number }> {
  const size = await stat(path).then(
    (s) => s.size,
    () => -1,
  );
  if (size < 0) return { lines: [], next: 0 };
  if (size < offset) offset = 0; // truncated or replaced: start over
  if (size === offset) return { lines: [], next: offset };
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    const end = buffer.lastIndexOf(0x0a);
    if (end < 0) return { lines: [], next: offset };
    return { lines: buffer.subarray(0, end).toString('utf8').split('\n'), next: offset + end + 1 };
  } finally {
    await handle.close();
  }
}

const MAX_CLOUDWATCH_PAGES = 50;

function cloudwatch(source: Extract<DecisionSource, { kind: 'cloudwatch' }>): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: source.region,
    ...(source.profile ? { profile: source.profile } : {}),
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    ...(source.credentials ? { credentials: source.credentials } : {}),
  });
}

async function filterCloudWatch(
  client: CloudWatchLogsClient,
  logGroup: string,
  startTime: number | undefined,
  seen: Set<string>,
): Promise<DecisionLine[]> {
  const found: DecisionLine[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_CLOUDWATCH_PAGES; page++) {
    const answer = await client.send(
      new FilterLogEventsCommand({
        logGroupName: logGroup,
        filterPattern: `{ $.message = "${DECISION_MESSAGE}" }`,
        ...(startTime !== undefined ? { startTime } : {}),
        nextToken,
      }),
    );
    for (const event of answer.events ?? []) {
      if (event.eventId && seen.has(event.eventId)) continue;
      if (event.eventId) seen.add(event.eventId);
      // Lambda prefixes console lines with time, request id and level; parseDecisionLine finds the JSON.
      const decision = parseDecisionLine(event.message ?? '');
      if (decision) found.push(decision);
    }
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return found;
}

/** Every decision matching `query`, oldest first. */
async function readDecisions(source: DecisionSource, query: DecisionQuery = {}): Promise<DecisionLine[]> {
  let decisions: DecisionLine[];
  if (source.kind === 'file') {
    const { lines } = await readLinesFrom(source.path, 0);
    decisions = lines.map((line) => parseDecisionLine(line)).filter((d): d is DecisionLine => d !== undefined);
  } else {
    const client = cloudwatch(source);
    try {
      if (query.insights) {
        const lines = await decisionLines(client, {
          stage: source.stage,
          logGroupName: source.logGroup,
          appId: query.appId,
          sinceMs: query.sinceMs ?? Date.now() - 3_600_000,
          changesOnly: query.changesOnly ?? false,
        });
        decisions = lines.map((line) => parseDecisionLine(line)).filter((d): d is DecisionLine => d !== undefined);
      } else {
        decisions = await filterCloudWatch(client, source.logGroup, query.sinceMs, new Set());
      }
    } finally {
      client.destroy();
    }
  }
  return decisions
    .filter((decision) => matches(decision, query))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/**
 * Calls `onDecision` for every new matching decision until `signal` aborts (like `tail -f`): polls the log file
 * every `intervalMs` (**Default:** 500), or CloudWatch every 5 s (FilterLogEvents is rate limited).
 */
async function followDecisions(
  source: DecisionSource,
  query: DecisionQuery,
  onDecision: (decision: DecisionLine) => void,
  signal: AbortSignal,
  intervalMs = 500,
): Promise<void> {
  if (source.kind === 'file') {
    let offset = await stat(source.path).then(
      (s) => s.size,
      () => 0,
    );
    while (!signal.aborted) {
      const { lines, next } = await readLinesFrom(source.path, offset);
      offset = next;
      for (const line of lines) {
        const decision = parseDecisionLine(line);
        if (decision && matches(decision, query)) onDecision(decision);
      }
      await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
    }
    return;
  }
  const client = cloudwatch(source);
  const seen = new Set<string>();
  let startTime = Date.now();
  try {
    while (!signal.aborted) {
      const found = await filterCloudWatch(client, source.logGroup, startTime - 60_000, seen);
      for (const decision of found.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))) {
        if (matches(decision, query)) onDecision(decision);
      }
      startTime = Date.now();
      await sleep(Math.max(intervalMs, 5_000), undefined, { signal }).catch(() => undefined);
    }
  } finally {
    client.destroy();
  }
}

export type { DecisionQuery };
export { followDecisions, readDecisions, readLinesFrom };
