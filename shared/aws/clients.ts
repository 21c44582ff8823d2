import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { Config } from '../config/config.ts';

/**
 * AWS SDK clients built from config. On AWS the endpoints are unset and the SDK resolves everything; locally
 * S3_ENDPOINT_URL / SQS_ENDPOINT_URL point at s3rver or fauxqs. `overrides` lets tests pass dummy credentials.
 */
type S3Settings = Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT_URL' | 'S3_FORCE_PATH_STYLE'>;
type SqsSettings = Pick<Config, 'AWS_REGION' | 'SQS_ENDPOINT_URL'>;

function createS3Client(config: S3Settings, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    region: config.AWS_REGION,
    ...(config.S3_ENDPOINT_URL ? { endpoint: config.S3_ENDPOINT_URL } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...overrides,
  });
}

function createSqsClient(config: SqsSettings, overrides: SQSClientConfig = {}): SQSClient {
  return new SQSClient({
    region: config.AWS_REGION,
    ...(config.SQS_ENDPOINT_URL ? { endpoint: config.SQS_ENDPOINT_URL } : {}),
    ...overrides,
  });
}

export type { S3Settings, SqsSettings };
export { createS3Client, createSqsClient };
