import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';
import { readDecisions } from '../../../cli/lib/decision-source.ts';

/**
 * The --stage path of `autopilot decisions`: the real CloudWatch Logs client against a loopback server that answers
 * FilterLogEvents as AWS does (JSON 1.1 protocol, pages chained by nextToken), with lines as Lambda stores them.
 */
const line = (at: string, appId: string, desired: number) =>
  `${at}\tc0ffee-1\tINFO\t${JSON.stringify({
    timestamp: at,
    level: 'info',
    message: 'scaling decision',
    appId,
    policy: 'target',
    current: 1,
    desired,
    action: desired > 1 ? 'scale-up' : 'none',
    reasonText: 'r',
    blockedBy: null,
  })}`;

describe('decisions from CloudWatch Logs', () => {
  let server: TestServer;

  /** The prod stage's scale log group, read through the test server standing in for CloudWatch Logs. */
  function prodScaleLogs(): Parameters<typeof readDecisions>[0] {
    return {
      kind: 'cloudwatch',
      stage: 'prod',
      logGroup: '/aws/lambda/marathon-autopilot-prod-scale',
      region: 'eu-west-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
  }
  const requests: Array<{ target: string | undefined; body: Record<string, unknown> }> = [];

  beforeAll(async () => {
    const pages = [
      {
        events: [
          { eventId: 'e1', timestamp: 1, message: line('2026-11-25T12:00:10.000Z', '/rest-app', 3) },
          { eventId: 'e2', timestamp: 2, message: line('2026-11-25T12:00:00.000Z', '/other', 2) },
        ],
        nextToken: 'page-2',
      },
      {
        events: [
          { eventId: 'e3', timestamp: 3, message: line('2026-11-25T12:00:20.000Z', '/rest-app', 1) },
          { eventId: 'e4', timestamp: 4, message: 'START RequestId: c0ffee-1 Version: $LATEST' },
        ],
      },
    ];
    server = await startTestServer(async (req: IncomingMessage, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text) as Record<string, unknown>;
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.endsWith('.StartQuery')) {
        res.end(JSON.stringify({ queryId: 'q-1' }));
      } else if (target.endsWith('.GetQueryResults')) {
        // Insights answers newest first; @message holds the raw line.
        const messages = [pages[1]?.events[0], pages[0]?.events[0]].map((event) => event?.message ?? '');
        const results = messages.map((message) => [
          { field: '@message', value: message },
          { field: '@ptr', value: 'x' },
        ]);
        res.end(JSON.stringify({ status: 'Complete', results }));
      } else {
        res.end(JSON.stringify(body.nextToken === 'page-2' ? pages[1] : pages[0]));
      }
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('follows every page, keeps only decision lines of the app, oldest first', async () => {
    const decisions = await readDecisions(prodScaleLogs(), {
      appId: 'rest-app',
      sinceMs: Date.parse('2026-11-25T11:00:00.000Z'),
    });

    expect(decisions.map((d) => [d.appId, d.desired])).toEqual([
      ['/rest-app', 3],
      ['/rest-app', 1],
    ]);
    expect(requests).toHaveLength(2);
    expect(requests[0]?.target).toBe('Logs_20140328.FilterLogEvents');
    expect(requests[0]?.body).toMatchObject({
      logGroupName: '/aws/lambda/marathon-autopilot-prod-scale',
      filterPattern: '{ $.message = "scaling decision" }',
      startTime: Date.parse('2026-11-25T11:00:00.000Z'),
    });
    expect(requests[1]?.body.nextToken).toBe('page-2');
  });

  it('with insights runs the saved decisions query on the scale log group and parses its @message lines', async () => {
    requests.length = 0;
    const decisions = await readDecisions(prodScaleLogs(), {
      appId: 'rest-app',
      sinceMs: Date.parse('2026-11-25T11:00:00.000Z'),
      insights: true,
    });

    expect(decisions.map((d) => d.desired)).toEqual([3, 1]);
    expect(requests.map((r) => r.target)).toEqual(['Logs_20140328.StartQuery', 'Logs_20140328.GetQueryResults']);
    expect(requests[0]?.body).toMatchObject({ logGroupNames: ['/aws/lambda/marathon-autopilot-prod-scale'] });
    expect(String(requests[0]?.body.queryString)).toContain('scaling decision');
  });
});
