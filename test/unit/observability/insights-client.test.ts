import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { SCALE_LOG } from '#shared/logging/log-shapes.ts';
import {
  actionsQuery,
  decisionLines,
  decisionsQuery,
  functionLogGroupName,
  runInsightsQuery,
} from '#shared/observability/index.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';
import { runQuery } from '#test/helpers/logs-insights.ts';
import { observabilityLines } from '#test/helpers/observability-lines.ts';

/**
 * runInsightsQuery against a loopback stand-in for the CloudWatch Logs JSON API whose query engine is the test-side
 * Logs Insights evaluator over the functions' lines: what `autopilot decisions --stage` would get back.
 */

interface Call {
  target: string;
  body: Record<string, unknown>;
}

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fakeLogs(lines: string[], options: { runningPolls?: number; finalStatus?: string } = {}) {
  const calls: Call[] = [];
  let query = '';
  let polls = 0;
  server = await startTestServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']).replace('Logs_20140328.', '');
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ target, body });
      let answer: unknown = {};
      if (target === 'StartQuery') {
        query = String(body.queryString);
        answer = { queryId: 'q-1' };
      } else if (target === 'GetQueryResults') {
        polls += 1;
        if (polls <= (options.runningPolls ?? 1)) answer = { status: 'Running', results: [] };
        else if (options.finalStatus) answer = { status: options.finalStatus };
        else {
          const rows = runQuery(query, lines).map((row) => [
            ...Object.entries(row).map(([field, value]) => ({ field, value: String(value) })),
            { field: '@ptr', value: 'ptr' },
          ]);
          answer = { status: 'Complete', results: rows };
        }
      } else if (target === 'StopQuery') {
        answer = { success: true };
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(answer));
    });
  });
  const client = new CloudWatchLogsClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return { client, calls };
}

describe('runInsightsQuery', () => {
  it('starts the saved decisions query on the scale log group and returns its rows with the whole line', async () => {
    const { scale } = await observabilityLines();
    const { client, calls } = await fakeLogs(scale);
    const rows = await runInsightsQuery(client, {
      logGroupNames: [functionLogGroupName('prod', 'scale')],
      query: decisionsQuery('web'),
      startTimeMs: 1_700_000_000_500,
      endTimeMs: 1_700_000_360_500,
      pollIntervalMs: 1,
    });
    client.destroy();
    expect(calls[0]).toEqual({
      target: 'StartQuery',
      body: {
        logGroupNames: ['/aws/lambda/marathon-autopilot-prod-scale'],
        queryString: decisionsQuery('web'),
        startTime: 1_700_000_000,
        endTime: 1_700_000_361,
      },
    });
    expect(calls.map((call) => call.target)).toEqual(['StartQuery', 'GetQueryResults', 'GetQueryResults']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ appId: '/web', action: 'scale-up', desired: '3' });
    expect(rows[0]).not.toHaveProperty('@ptr');
    expect(JSON.parse(rows[0]?.['@message'] ?? '{}')).toMatchObject({ message: SCALE_LOG.decision, appId: '/web' });
  });

  it('fails with INSIGHTS_QUERY_FAILED when the query ends Failed', async () => {
    const { client } = await fakeLogs([], { finalStatus: 'Failed' });
    const run = runInsightsQuery(client, {
      logGroupNames: ['g'],
      query: decisionsQuery(),
      startTimeMs: 0,
      endTimeMs: 1000,
      pollIntervalMs: 1,
    });
    await expect(run).rejects.toMatchObject({ name: 'InsightsQueryError', code: 'INSIGHTS_QUERY_FAILED' });
    client.destroy();
  });

  it('stops the query and fails with INSIGHTS_QUERY_TIMEOUT when it keeps running', async () => {
    const { client, calls } = await fakeLogs([], { runningPolls: Number.POSITIVE_INFINITY });
    const run = runInsightsQuery(client, {
      logGroupNames: ['g'],
      query: decisionsQuery(),
      startTimeMs: 0,
      endTimeMs: 1000,
      pollIntervalMs: 1,
      timeoutMs: 0,
    });
    await expect(run).rejects.toMatchObject({ code: 'INSIGHTS_QUERY_TIMEOUT' });
    expect(calls.at(-1)).toEqual({ target: 'StopQuery', body: { queryId: 'q-1' } });
    client.destroy();
  });
});

describe('decisionLines', () => {
  it('runs the saved decisions or actions query on the stage’s scale log group and returns the lines oldest first', async () => {
    const { scale } = await observabilityLines();
    const { client, calls } = await fakeLogs(scale, { runningPolls: 0 });
    const all = await decisionLines(client, { stage: 'prod', sinceMs: 0, untilMs: 1000, pollIntervalMs: 1 });
    const changes = await decisionLines(client, { stage: 'prod', sinceMs: 0, untilMs: 1000, changesOnly: true });
    client.destroy();
    const starts = calls.filter((call) => call.target === 'StartQuery').map((call) => call.body);
    expect(starts.map((body) => body.queryString)).toEqual([decisionsQuery(), actionsQuery()]);
    expect(starts.every((body) => String(body.logGroupNames) === '/aws/lambda/marathon-autopilot-prod-scale')).toBe(
      true,
    );
    const appIds = (lines: string[]) => lines.map((line) => JSON.parse(line).appId);
    expect(appIds(all).sort()).toEqual(['/api', '/batch', '/web']);
    const times = all.map((line) => Date.parse(JSON.parse(line).timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(appIds(changes)).toEqual(['/web']);
  });
});
