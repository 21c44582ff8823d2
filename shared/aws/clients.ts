import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../config/config.ts';

/**
 * AWS SDK clients built from config. On AWS the endpoints are unset and the SDK resolves everything; locally
 * S3_ENDPOINT_URL / SQS_ENDPOINT_URL point at s3rver or fauxqs. `overrides` lets tests pass dummy credentials.
 * The SDK's own HTTP handler has no timeouts by default (a hung endpoint would hold the invocation until the Lambda
 * timeout), so connect and socket-idle timeouts come from the same HTTP_* keys as every other outbound call.
 */
type HttpTimeoutSettings = Pick<Config, 'HTTP_CONNECT_TIMEOUT_MS' | 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_BODY_TIMEOUT_MS'>;
type S3Settings = Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT_URL' | 'S3_FORCE_PATH_STYLE'> & Partial<HttpTimeoutSettings>;
type SqsSettings = Pick<Config, 'AWS_REGION' | 'SQS_ENDPOINT_URL'> & Partial<HttpTimeoutSettings>;
type SsmSettings = Pick<Config, 'AWS_REGION'> & Partial<HttpTimeoutSettings>;

/** `requestHandler` options: connect timeout, and a socket idle timeout of headers + body budgets. */
function handlerTimeouts(config: Partial<HttpTimeoutSettings>) {
  if (config.HTTP_CONNECT_TIMEOUT_MS === undefined) return {};
  return {
    requestHandler: {
      connectionTimeout: config.HTTP_CONNECT_TIMEOUT_MS,
      requestTimeout: (config.HTTP_HEADERS_TIMEOUT_MS ?? 0) + (config.HTTP_BODY_TIMEOUT_MS ?? 0) || undefined,
      // Without it the handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

function createS3Client(config: S3Settings, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    region: config.AWS_REGION,
    ...(config.S3_ENDPOINT_URL ? { endpoint: config.S3_ENDPOINT_URL } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...handlerTimeouts(config),
    ...overrides,
  });
}

function createSqsClient(config: SqsSettings, overrides: SQSClientConfig = {}): SQSClient {
  return new SQSClient({
    region: config.AWS_REGION,
    ...(config.SQS_ENDPOINT_URL ? { endpoint: config.SQS_ENDPOINT_URL } : {}),
    ...handlerTimeouts(config),
    ...overrides,
  });
}

/**
 * SSM is read once per container and only when a credentials parameter is configured, so its SDK is imported
 * on that first read rather than at cold start.
 */
async function createSsmClient(config: SsmSettings): Promise<SSMClient> {
  const { SSMClient } = await import('@aws-sdk/client-ssm');
  return new SSMClient({ region: config.AWS_REGION, ...handlerTimeouts(config) });
}

export type { S3Settings, SqsSettings, SsmSettings };
export { createS3Client, createSqsClient, createSsmClient };
