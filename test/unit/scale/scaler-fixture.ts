import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import { createScaler, type Scaler } from '#shared/scale/index.ts';
import { startDeadLetterQueue, startScaleFakeMarathon, startStateBucket } from '#test/helpers/scale-harness.ts';

/**
 * One s3rver (state), fauxqs (DLQ) and fake Marathon per test file, a scaler wired to them with a fixed clock,
 * and the log and metric lines it wrote. `failPuts` makes state writes fail to reach the failure paths.
 */

const NOW = Date.parse('2026-11-25T20:00:05.000Z');
const COLLECTED = '2026-11-25T20:00:00.000Z';

interface ScaleFixture {
  bucketName: string;
  bucket: Awaited<ReturnType<typeof startStateBucket>>;
  dlq: Awaited<ReturnType<typeof startDeadLetterQueue>>;
  marathon: Awaited<ReturnType<typeof startScaleFakeMarathon>>;
  lines: Record<string, unknown>[];
  metrics: Record<string, unknown>[];
  /** Lets `skip` state writes through, then fails the next `fail` ones. */
  failPuts: { skip: number; fail: number };
  scaler(env?: Record<string, string | undefined>): Scaler;
  decisions(): Record<string, unknown>[];
  withMessage(message: string): Record<string, unknown>[];
}

function useScaleFixture(bucketName: string): ScaleFixture {
  const fixture = {
    bucketName,
    lines: [],
    metrics: [],
    failPuts: { skip: 0, fail: 0 },
    decisions: () => fixture.lines.filter((line) => line.message === SCALE_LOG.decision),
    withMessage: (message: string) => fixture.lines.filter((line) => line.message === message),
    scaler: (env: Record<string, string | undefined> = {}) => {
      const config = loadConfig({
        BUNDLE_BUCKET: bucketName,
        STATS_QUEUE_URL: 'http://127.0.0.1:1/000000000000/stats.fifo',
        STATS_DLQ_URL: fixture.dlq.queueUrl,
        MARATHON_URL: fixture.marathon.url,
        MESOS_MASTER_URL: 'http://127.0.0.1:1',
        ...env,
      });
      const logger = new Logger({
        service: 'test',
        level: 'debug',
        sink: (line) => fixture.lines.push(JSON.parse(line)),
      });
      const s3 = {
        send: (command: { constructor: { name: string } }, options?: object) => {
          const { failPuts } = fixture;
          if (command.constructor.name === 'PutObjectCommand') {
            if (failPuts.skip > 0) failPuts.skip -= 1;
            else if (failPuts.fail > 0) {
              failPuts.fail -= 1;
              return Promise.reject(Object.assign(new Error('SlowDown'), { name: 'SlowDown' }));
            }
          }
          return fixture.bucket.s3.send(command as never, options);
        },
      };
      return createScaler(config, {
        s3,
        sqs: fixture.dlq.sqs,
        logger,
        metricsSink: (line) => fixture.metrics.push(JSON.parse(line)),
        clock: () => NOW,
      });
    },
  } as unknown as ScaleFixture;

  beforeAll(async () => {
    [fixture.bucket, fixture.dlq, fixture.marathon] = await Promise.all([
      startStateBucket(bucketName),
      startDeadLetterQueue(),
      startScaleFakeMarathon(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fixture.bucket?.close(), fixture.dlq?.close(), fixture.marathon?.close()]);
  });
  beforeEach(async () => {
    fixture.lines = [];
    fixture.metrics = [];
    fixture.failPuts = { skip: 0, fail: 0 };
    fixture.marathon.puts.length = 0;
    fixture.marathon.getScript.length = 0;
    fixture.marathon.putScript.length = 0;
    await fixture.dlq.drain();
  });
  return fixture;
}

export type { ScaleFixture };
export { COLLECTED, NOW, useScaleFixture };
