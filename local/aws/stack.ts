import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import S3rver from 's3rver';
import { type QueueModel, readServiceModel, type ServiceModel, type ServiceModelOptions } from './service-model.ts';

/**
 * The local AWS stand-ins `npm start` and the integration tests share: s3rver for the bundle bucket (objects as
 * files under `<dataDir>/s3`, so a restarted demo keeps its uploads) and fauxqs for the statistics queue and its DLQ
 * (created from infra/queues.yml: same names, FIFO attributes and redrive). Both listen on 127.0.0.1, port 0.
 */
interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

interface LocalAws {
  readonly model: ServiceModel;
  readonly region: string;
  readonly bucket: string;
  /** s3rver base URL (path-style: `${s3Endpoint}/${bucket}/${key}`). */
  readonly s3Endpoint: string;
  readonly sqsEndpoint: string;
  readonly statsQueue: LocalQueue;
  readonly deadLetterQueue: LocalQueue;
  /** Static credentials s3rver accepts; fauxqs accepts any. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The s3rver instance: emits `'event'` with an S3-style notification for every object change. */
  readonly s3rver: S3rver;
  readonly fauxqs: FauxqsServer;
  stop(): Promise<void>;
}

interface LocalAwsOptions extends ServiceModelOptions {
  /** Root of the stack's files: `<dataDir>/s3` holds the bucket. Created if missing. */
  dataDir: string;
}

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

function createQueue(fauxqs: FauxqsServer, queue: QueueModel, arnOf: (logicalId: string) => string): LocalQueue {
  const attributes: Record<string, string> = { ...queue.attributes };
  if (queue.redrive) {
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: arnOf(queue.redrive.deadLetterLogicalId),
      maxReceiveCount: queue.redrive.maxReceiveCount,
    });
  }
  const created = fauxqs.createQueue(queue.name, { attributes });
  return { name: created.queueName, url: created.queueUrl, arn: created.queueArn };
}

async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const model = readServiceModel(options);
  const s3Dir = join(options.dataDir, 's3');
  await mkdir(s3Dir, { recursive: true });

  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Dir,
    // Handlers sign with whatever credentials their environment has; signatures are not what we test here.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: model.bucketName, configs: [] }],
  });
  const { port: s3Port } = await s3rver.run();
  let fauxqs: FauxqsServer;
  try {
    fauxqs = await startFauxqs({ port: 0, logger: false, defaultRegion: model.region });
  } catch (error) {
    await s3rver.close();
    throw error;
  }

  // The DLQ first: the main queue's RedrivePolicy needs its ARN.
  const created = new Map<string, LocalQueue>();
  const arnOf = (logicalId: string): string => {
    const queue = created.get(logicalId);
    if (!queue) throw new Error(`local stack: redrive target ${logicalId} is not created before its source`);
    return queue.arn;
  };
  const deadLetterQueue = createQueue(fauxqs, model.deadLetterQueue, arnOf);
  created.set(model.deadLetterQueue.logicalId, deadLetterQueue);
  const statsQueue = createQueue(fauxqs, model.statsQueue, arnOf);

  let stopped: Promise<void> | undefined;
  return {
    model,
    region: model.region,
    bucket: model.bucketName,
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    sqsEndpoint: fauxqs.address,
    statsQueue,
    deadLetterQueue,
    // A fresh object: the AWS SDK annotates the credentials object it is given.
    credentials: { ...CREDENTIALS },
    s3rver,
    fauxqs,
    stop() {
      stopped ??= Promise.all([fauxqs.stop(), s3rver.close()]).then(() => undefined);
      return stopped;
    },
  };
}

export type { LocalAws, LocalAwsOptions, LocalQueue };
export { startLocalAws };
