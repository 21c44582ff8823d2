import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Client, createSqsClient } from '#shared/aws/index.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const settings = {
  AWS_REGION: 'us-east-1',
  S3_FORCE_PATH_STYLE: true,
  HTTP_CONNECT_TIMEOUT_MS: 200,
  HTTP_HEADERS_TIMEOUT_MS: 100,
  HTTP_BODY_TIMEOUT_MS: 100,
};
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createS3Client / createSqsClient', () => {
  it('sends S3 requests to S3_ENDPOINT_URL with path-style addressing', async () => {
    let path = '';
    server = await startTestServer((req, res) => {
      path = req.url ?? '';
      res.setHeader('content-type', 'text/plain');
      res.end('hello');
    });
    const s3 = createS3Client({ ...settings, S3_ENDPOINT_URL: server.url }, { credentials });

    const output = await s3.send(new GetObjectCommand({ Bucket: 'bundles', Key: 'state/x.json' }));

    expect(path.split('?')[0]).toBe('/bundles/state/x.json');
    expect(await output.Body?.transformToString()).toBe('hello');
  });

  it('gives up on an endpoint that never answers instead of waiting for the Lambda timeout', async () => {
    server = await startTestServer(() => {});
    const sqs = createSqsClient({ ...settings, SQS_ENDPOINT_URL: server.url }, { credentials, maxAttempts: 1 });

    const error = await sqs
      .send(new SendMessageCommand({ QueueUrl: `${server.url}/q`, MessageBody: 'x' }))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/TimeoutError/);
  });
});
