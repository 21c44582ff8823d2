import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * SDK clients for a local stack's s3rver and fauxqs, from the running stack (LocalAws) or the stack file a running
 * `npm start` wrote: path-style S3 and the stand-ins' static credentials. Callers destroy() them.
 */
interface LocalEndpoints {
  readonly region: string;
  readonly s3Endpoint: string;
  readonly sqsEndpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

function localS3Client(stack: Omit<LocalEndpoints, 'sqsEndpoint'>): S3Client {
  return new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials: { ...stack.credentials },
    // s3rver predates the SDK's default streaming checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The bucket's endpoint, name and access as options for code that builds its own S3 client (the dashboard). */
function localBucketOptions(stack: Omit<LocalEndpoints, 'sqsEndpoint'> & { readonly bucket: string }) {
  return {
    endpoint: stack.s3Endpoint,
    bucket: stack.bucket,
    forcePathStyle: true,
    region: stack.region,
    credentials: { ...stack.credentials },
  };
}

function localSqsClient(stack: Omit<LocalEndpoints, 's3Endpoint'>): SQSClient {
  return new SQSClient({ region: stack.region, endpoint: stack.sqsEndpoint, credentials: { ...stack.credentials } });
}

export type { LocalEndpoints };
export { localBucketOptions, localS3Client, localSqsClient };
