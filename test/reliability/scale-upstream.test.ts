import { describe, expect, it } from 'vitest';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import { deadPort } from '#test/helpers/fake-mesos-agent.ts';
import { marathonApp, type Scripted, sqsRecord, usageMessage } from '#test/helpers/scale-harness.ts';
import { COLLECTED, useScaleFixture } from '#test/unit/scale/scaler-fixture.ts';
import { count, guarded, reportCounts } from './tally.ts';
import { startScripted } from './upstream.ts';

/**
 * Marathon answering the scale function badly, through real sockets: an answer that is not Marathon's API (HTML,
 * truncated or mistyped JSON) gives the message up to the DLQ with the reason (retrying cannot fix it); an outage,
 * 5xx or a slow answer hands it back for a retry without marking it, so the retry after recovery scales exactly once.
 * (A single 409/5xx/422/HTML case is in test/unit/scale/scale-batch.test.ts; here each kind runs through
 * recovery, and the message's fate is checked: applied once, in the DLQ, or handed back, never dropped.)
 */

reportCounts();
const f = useScaleFixture('reliability-scale-upstream');

const badAnswers: Array<[string, Scripted, RegExp]> = [
  [
    'HTML page with 200',
    { status: 200, body: '<html><body>Login</body></html>', contentType: 'text/html' },
    /not JSON/,
  ],
  ['truncated JSON', { status: 200, body: '{"app": {"id": "/x", "instan' }, /not JSON/],
  ['app without instances', { status: 200, body: '{"app": {"id": "/x", "cpus": 1, "mem": 1}}' }, /instances/],
  [
    'instances as a string',
    { status: 200, body: '{"app": {"id": "/x", "cpus": 1, "mem": 1, "instances": "2"}}' },
    /instances/,
  ],
  ['no app at all', { status: 200, body: '{"apps": []}' }, /app/],
];

describe('scale: Marathon answers that are not its API', () => {
  it.each(badAnswers)(
    '%s: the message goes to the DLQ naming the problem, nothing is scaled',
    async (_name, answer, reason) => {
      const id = `/bad-${Math.random().toString(36).slice(2)}`;
      f.marathon.apps.set(id, marathonApp(id, 2, { 'autopilot.targetCpu': '50' }));
      f.marathon.getScript.push(answer);
      const record = sqsRecord(usageMessage(id, 'c1', COLLECTED, 2, 1), id);

      const result = await guarded('inputs', () => f.scaler().run([record]));
      const dead = await f.dlq.drain();

      expect(result.batchItemFailures).toEqual([]);
      expect(dead).toEqual([
        expect.objectContaining({ attributes: expect.objectContaining({ sourceMessageId: record.messageId }) }),
      ]);
      expect(dead[0]?.attributes.reason).toMatch(/HTTP_BAD_RESPONSE/);
      expect(dead[0]?.attributes.reason).toMatch(reason);
      count('wrongScaleActions', f.marathon.puts.length);
      expect(f.marathon.puts).toEqual([]);
    },
  );
});

describe('scale: Marathon down, failing or slow, then back', () => {
  const faults: Array<[string, Scripted[], Scripted[]]> = [
    ['GET answers 503', [{ status: 503, body: '<html>Service Unavailable</html>', contentType: 'text/html' }], []],
    ['PUT answers 502', [], [{ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' }]],
    [
      'PUT answers 409 (deployment lock)',
      [],
      [{ status: 409, body: '{"message": "App is locked", "deployments": []}' }],
    ],
  ];

  it.each(faults)(
    '%s: handed back unmarked, and the retry after recovery scales exactly once',
    async (_name, gets, puts) => {
      const id = `/flaky-${Math.random().toString(36).slice(2)}`;
      f.marathon.apps.set(id, marathonApp(id, 2, { 'autopilot.targetCpu': '50' }));
      f.marathon.getScript.push(...gets);
      f.marathon.putScript.push(...puts);
      const body = usageMessage(id, 'c1', COLLECTED, 2, 1);

      const first = await guarded('faults', () => f.scaler().run([sqsRecord(body, id)]));
      const retry = sqsRecord(body, id);
      const second = await f.scaler().run([retry]);

      expect(first.batchItemFailures).toHaveLength(1);
      expect(second.batchItemFailures).toEqual([]);
      count('wrongScaleActions', Math.max(0, f.marathon.puts.length - 1));
      expect(f.marathon.puts).toEqual([{ id, body: { instances: 4 } }]);
      expect(await f.dlq.drain()).toEqual([]);
    },
  );

  it('Marathon unreachable or never answering: handed back with HTTP_NETWORK / HTTP_TIMEOUT, nothing marked', async () => {
    const silent = await startScripted();
    silent.routes.set('/v2/apps/slow', { kind: 'hang' });
    const cases = [
      [`http://127.0.0.1:${await deadPort()}`, 'HTTP_NETWORK'],
      [silent.url, 'HTTP_TIMEOUT'],
    ] as const;
    for (const [url, code] of cases) {
      const record = sqsRecord(usageMessage('/slow', `c-${code}`, COLLECTED, 2, 1), '/slow');
      const scaler = f.scaler({ MARATHON_URL: url, HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_CONNECT_TIMEOUT_MS: '300' });

      const result = await guarded('faults', () => scaler.run([record]));

      expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
      expect(f.withMessage(SCALE_LOG.failed)).toContainEqual(expect.objectContaining({ code, retry: true }));
    }
    await silent.close();
    expect(await f.dlq.drain()).toEqual([]);
  });
});
