import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';

/** s3rver and fauxqs on loopback and free ports, with SDK clients pointed at them (dummy credentials). */

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

interface LocalBucket {
  endpoint: string;
  bucket: string;
  s3: S3Client;
  close(): Promise<void>;
}

/** s3rver (CommonJS, untyped) with one bucket, in a temp directory removed on close. */
async function startLocalBucket(bucket: string): Promise<LocalBucket> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  return {
    endpoint,
    bucket,
    s3,
    close: async () => {
      s3.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

interface LocalQueue {
  endpoint: string;
  queueUrl: string;
  sqs: SQSClient;
  /** Receives and deletes everything currently in the queue (deleting unlocks each FIFO group). */
  drain(): Promise<string[]>;
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
  return {
    endpoint,
    queueUrl,
    sqs,
    drain: async () => {
      const bodies: string[] = [];
      for (;;) {
        const output = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        const messages = output.Messages ?? [];
        if (messages.length === 0) return bodies;
        for (const message of messages) {
          bodies.push(message.Body ?? '');
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        }
      }
    },
    close: async () => {
      sqs.destroy();
      await server.stop();
    },
  };
}

export type { LocalBucket, LocalQueue };
export { credentials as localCredentials, startLocalBucket, startLocalFifoQueue };
