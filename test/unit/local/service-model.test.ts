import { describe, expect, it } from 'vitest';
import { type LocalAws, readServiceModel, scheduleIntervalMs } from '#local/aws/index.ts';
import { localFunctionEnv } from '#local/runner/index.ts';
import { ConfigSchema } from '#shared/config/index.ts';

describe('readServiceModel', () => {
  it('reads queue names, FIFO attributes and redrive from the same files serverless packages', () => {
    const model = readServiceModel({ stage: 'local', params: { statsMaxReceiveCount: 3 } });
    expect(model.statsQueue).toMatchObject({
      name: 'marathon-autopilot-local-stats.fifo',
      attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', VisibilityTimeout: '180' },
      redrive: { deadLetterLogicalId: 'StatsDeadLetterQueue', maxReceiveCount: 3 },
    });
    expect(model.deadLetterQueue).toMatchObject({
      name: 'marathon-autopilot-local-stats-dlq.fifo',
      attributes: { FifoQueue: 'true' },
    });
    expect(model.trigger).toEqual({ prefix: 'incoming/', suffix: '.tar.gz' });
    expect(model.functions.scale).toMatchObject({ functionName: 'marathon-autopilot-local-scale', timeoutMs: 30_000 });
    expect(model.functions.deploy.modulePath).toMatch(/functions\/deploy\/handler\.ts$/);
  });

  it('converts rate() schedules to milliseconds and rejects cron', () => {
    expect(scheduleIntervalMs('rate(1 minute)')).toBe(60_000);
    expect(scheduleIntervalMs('rate(5 minutes)')).toBe(300_000);
    expect(() => scheduleIntervalMs('cron(0 * * * ? *)')).toThrow(/rate/);
  });
});

describe('localFunctionEnv', () => {
  it('gives every function an environment the shared config schema accepts, pointing at the local stack', () => {
    const model = readServiceModel();
    const stack = {
      model,
      region: model.region,
      bucket: model.bucketName,
      s3Endpoint: 'http://127.0.0.1:4568',
      sqsEndpoint: 'http://127.0.0.1:4566',
      statsQueue: { name: 'q', url: 'http://sqs.us-east-1.localhost:4566/000000000000/q.fifo', arn: 'arn:q' },
      deadLetterQueue: { name: 'd', url: 'http://sqs.us-east-1.localhost:4566/000000000000/d.fifo', arn: 'arn:d' },
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    } as unknown as LocalAws;
    for (const fn of Object.values(model.functions)) {
      const env = localFunctionEnv(fn, stack, { MARATHON_URL: 'http://127.0.0.1:8080' });
      const config = ConfigSchema.parse(env);
      expect(config).toMatchObject({
        BUNDLE_BUCKET: model.bucketName,
        STATS_QUEUE_URL: stack.statsQueue.url,
        STATS_DLQ_URL: stack.deadLetterQueue.url,
        S3_ENDPOINT_URL: 'http://127.0.0.1:4568',
        S3_FORCE_PATH_STYLE: true,
        SQS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        MARATHON_URL: 'http://127.0.0.1:8080',
      });
      expect(env).not.toHaveProperty('MARATHON_CREDENTIALS_PARAM');
      expect(env.AWS_LAMBDA_FUNCTION_NAME).toBe(fn.functionName);
    }
  });
});
