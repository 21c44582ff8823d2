import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createS3Client, createSqsClient, createSsmClient } from '../aws/clients.ts';
import { createCredentialsResolver } from '../aws/credentials.ts';
import type { Config } from '../config/config.ts';
import { httpTimeouts } from '../http/request.ts';
import { cachedUntilFailure } from '../lazy/cached-until-failure.ts';
import { logger as defaultLogger, type Logger } from '../logging/logger.ts';
import type { MetricsSink } from '../logging/metrics.ts';
import { MarathonClient } from '../marathon/client.ts';
import { type BatchResult, scaleBatch } from './batch.ts';
import { DeadLetterForwarder } from './dead-letter.ts';
import type { ScaleDeps, ScaleOptions, SqsRecord } from './process-message.ts';
import { S3ScaleStateStore } from './state-store.ts';

/**
 * Builds the scale function's clients and options from config once (cold start); `run` is then called per
 * invocation with the records and the deadline signal.
 */

interface Scaler {
  run(records: readonly SqsRecord[], signal?: AbortSignal): Promise<BatchResult>;
}

interface ScalerOverrides {
  s3?: Pick<S3Client, 'send'>;
  sqs?: Pick<SQSClient, 'send'>;
  ssm?: Pick<SSMClient, 'send'>;
  logger?: Logger;
  metricsSink?: MetricsSink;
  clock?: () => number;
}

function createScaler(config: Config, overrides: ScalerOverrides = {}): Scaler {
  const timeouts = httpTimeouts(config);
  const credentials = createCredentialsResolver(
    { value: config.MARATHON_CREDENTIALS, parameterName: config.MARATHON_CREDENTIALS_PARAM },
    async () => overrides.ssm ?? createSsmClient(config),
  );
  const deps: ScaleDeps = {
    marathon: cachedUntilFailure(async () => {
      const secret = await credentials();
      return new MarathonClient({ baseUrl: config.MARATHON_URL, credentials: secret, timeouts });
    }),
    store: new S3ScaleStateStore({ s3: overrides.s3 ?? createS3Client(config), bucket: config.BUNDLE_BUCKET }),
    deadLetter: config.STATS_DLQ_URL
      ? new DeadLetterForwarder({ sqs: overrides.sqs ?? createSqsClient(config), queueUrl: config.STATS_DLQ_URL })
      : undefined,
    logger: overrides.logger ?? defaultLogger,
    ...(overrides.metricsSink ? { metricsSink: overrides.metricsSink } : {}),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  };
  const options: ScaleOptions = {
    defaultPolicy: config.DEFAULT_POLICY,
    dryRun: config.DRY_RUN,
    maxMessageAgeS: config.MAX_MESSAGE_AGE_S,
  };
  return { run: (records, signal) => scaleBatch(records, deps, options, signal) };
}

export type { Scaler, ScalerOverrides };
export { createScaler };
