import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { InsightsQueryError } from './errors.ts';
import { actionsQuery, decisionsQuery, functionLogGroupName } from './queries.ts';

/**
 * Runs a Logs Insights query (StartQuery, then GetQueryResults until it completes) and returns its rows as plain
 * objects, `@ptr` left out. For `autopilot decisions --stage`: pass {@link decisionsQuery}'s text, the one saved in
 * the stack, on `functionLogGroupName(stage, 'scale')` ({@link decisionLines} does exactly that).
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html
 */

interface InsightsQueryOptions {
  logGroupNames: string[];
  query: string;
  /** Window start and end, epoch ms (the API takes seconds; rounded outward). */
  startTimeMs: number;
  endTimeMs: number;
  /** Rows at most (the API allows 10 000). **Default:** the query's own `limit`, else 1000. */
  limit?: number;
  /** Between GetQueryResults calls. **Default:** `1000` */
  pollIntervalMs?: number;
  /** The query is stopped and INSIGHTS_QUERY_TIMEOUT thrown after this. **Default:** `60000` */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type InsightsRow = Record<string, string>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

async function runInsightsQuery(
  client: Pick<CloudWatchLogsClient, 'send'>,
  options: InsightsQueryOptions,
): Promise<InsightsRow[]> {
  const { pollIntervalMs = 1000, timeoutMs = 60_000, signal } = options;
  const started = await client.send(
    new StartQueryCommand({
      logGroupNames: options.logGroupNames,
      queryString: options.query,
      startTime: Math.floor(options.startTimeMs / 1000),
      endTime: Math.ceil(options.endTimeMs / 1000),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    }),
    { abortSignal: signal },
  );
  const queryId = started.queryId;
  if (!queryId) throw new InsightsQueryError('INSIGHTS_QUERY_FAILED', 'StartQuery returned no queryId');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: signal });
    if (answer.status === 'Complete') {
      return (answer.results ?? []).map((fields) =>
        Object.fromEntries(
          fields.filter((f) => f.field && f.field !== '@ptr').map((f) => [f.field as string, f.value ?? '']),
        ),
      );
    }
    if (answer.status !== 'Running' && answer.status !== 'Scheduled') {
      throw new InsightsQueryError(
        'INSIGHTS_QUERY_FAILED',
        `query ${queryId} ended ${answer.status ?? 'without a status'}`,
      );
    }
    if (Date.now() >= deadline) {
      await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      throw new InsightsQueryError('INSIGHTS_QUERY_TIMEOUT', `query ${queryId} still running after ${timeoutMs} ms`);
    }
    await sleep(pollIntervalMs, signal);
  }
}

interface DecisionLinesOptions {
  stage: string;
  /** The scale function's log group. **Default:** `functionLogGroupName(stage, 'scale', service)` */
  logGroupName?: string;
  /** One app (`web` or `/web`); **Default:** every app. */
  appId?: string;
  /** Window, epoch ms. `untilMs` **Default:** now. */
  sinceMs: number;
  untilMs?: number;
  /** Only decisions that scaled (or tried to): the saved `scaling-actions` query. **Default:** `false` */
  changesOnly?: boolean;
  service?: string;
  pollIntervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * `autopilot decisions --stage`: the saved decisions (or actions) query on the stage's scale log group; the raw
 * JSON lines, oldest first, for the same parser the local log file goes through. At most {@link QUERY_LIMIT} lines
 * (the newest ones).
 */
async function decisionLines(
  client: Pick<CloudWatchLogsClient, 'send'>,
  options: DecisionLinesOptions,
): Promise<string[]> {
  const rows = await runInsightsQuery(client, {
    logGroupNames: [options.logGroupName ?? functionLogGroupName(options.stage, 'scale', options.service)],
    query: options.changesOnly ? actionsQuery(options.appId) : decisionsQuery(options.appId),
    startTimeMs: options.sinceMs,
    endTimeMs: options.untilMs ?? Date.now(),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return rows.flatMap((row) => (row['@message'] ? [row['@message']] : [])).reverse();
}

export type { DecisionLinesOptions, InsightsQueryOptions, InsightsRow };
export { decisionLines, runInsightsQuery };
