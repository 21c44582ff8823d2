import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { startS3, type TestS3 } from './s3rver.ts';

/** s3rver and fauxqs on loopback and free ports, with SDK clients pointed at them (dummy credentials). */

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** s3rver with one bucket, in a temp directory removed on close. */
const startLocalBucket: (bucket: string) => Promise<LocalBucket> = startS3;
type LocalBucket = TestS3;

interface ReceivedMessage {
  body: string;
  attributes: Record<string, string | undefined>;
}

interface LocalQueue {
  endpoint: string;
  queueUrl: string;
  sqs: SQSClient;
  /** Receives and deletes everything currently in the queue (deleting unlocks each FIFO group). */
  drain(): Promise<string[]>;
  /** As drain, with each message's string attributes. */
  drainMessages(): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

/** fauxqs with one FIFO queue. */
async function startLocalFifoQueue(name = 'usage.fifo'): Promise<LocalQueue> {
  const server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  server.createQueue(name, { attributes: { FifoQueue: 'true' } });
  // fauxqs names its queues http://sqs.<region>.127.0.0.1:<port>/..., which is not a URL config accepts;
  // it resolves a queue by the path, so the plain loopback form works the same.
  const queueUrl = `${endpoint}/000000000000/${name}`;
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials });
  const drainMessages = async (): Promise<ReceivedMessage[]> => {
    const out: ReceivedMessage[] = [];
    for (;;) {
      const answer = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = answer.Messages ?? [];
      if (messages.length === 0) return out;
      for (const message of messages) {
        const attributes = Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue]),
        );
        out.push({ body: message.Body ?? '', attributes });
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  };
  return {
    endpoint,
    queueUrl,
    sqs,
    drain: async () => (await drainMessages()).map((message) => message.body),
    drainMessages,
    close: async () => {
      sqs.destroy();
      await server.stop();
    },
  };
}

/** The environment that points a handler's config and AWS SDK clients at this bucket and queue. */
function localAwsEnv(bucket: LocalBucket, queue: LocalQueue): Record<string, string> {
  return {
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    S3_ENDPOINT_URL: bucket.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    SQS_ENDPOINT_URL: queue.endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}

export type { LocalBucket, LocalQueue, ReceivedMessage };
export { credentials as localCredentials, localAwsEnv, startLocalBucket, startLocalFifoQueue };
