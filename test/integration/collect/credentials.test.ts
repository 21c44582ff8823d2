import type { GetParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startCluster } from '#local/cluster/index.ts';
import { createCollector } from '#shared/collect/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import {
  type LocalBucket,
  type LocalQueue,
  startLocalBucket,
  startLocalFifoQueue,
} from '#test/helpers/local-queue-and-bucket.ts';

/** On AWS the collector's Marathon and Mesos credentials come from SSM SecureStrings named in the config. */
const SECRETS: Record<string, string> = {
  '/autopilot/test/marathon': 'marathon-user:marathon-secret',
  '/autopilot/test/mesos': 'mesos-user:mesos-secret',
};
let cluster: LocalCluster;
let bucket: LocalBucket;
let queue: LocalQueue;

beforeAll(async () => {
  bucket = await startLocalBucket('bundles');
  queue = await startLocalFifoQueue();
  cluster = await startCluster({
    agents: 1,
    marathonCredentials: SECRETS['/autopilot/test/marathon'],
    mesosCredentials: SECRETS['/autopilot/test/mesos'],
  });
});

afterAll(async () => {
  await cluster?.stop();
  await queue?.close();
  await bucket?.close();
});

function collectorWith(env: Record<string, string>) {
  const requested: string[] = [];
  const ssm = {
    send: async (command: GetParameterCommand) => {
      const name = command.input.Name as string;
      requested.push(name);
      return { Parameter: { Value: SECRETS[name] } };
    },
  } as never;
  const config = loadConfig({
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    MARATHON_URL: cluster.marathonUrl,
    MESOS_MASTER_URL: cluster.mesosMasterUrl,
    ...env,
  });
  const logger = new Logger({ service: 'test', level: 'error', sink: () => {} });
  return { collector: createCollector(config, { s3: bucket.s3, sqs: queue.sqs, ssm, logger }), requested };
}

describe('collect credentials', () => {
  it('reads both secrets from SSM once and authenticates to Marathon and the Mesos master', async () => {
    const { collector, requested } = collectorWith({
      MARATHON_CREDENTIALS_PARAM: '/autopilot/test/marathon',
      MESOS_CREDENTIALS_PARAM: '/autopilot/test/mesos',
    });

    const first = await collector.run({ cycleId: 'c1' });
    const second = await collector.run({ cycleId: 'c2' });
    await collector.close();

    expect(first.cycleId).toBe('c1');
    expect(second.cycleId).toBe('c2');
    expect(requested.sort()).toEqual(['/autopilot/test/marathon', '/autopilot/test/mesos']);
  });

  it('fails the cycle with Marathon 401 when no credentials are configured', async () => {
    const { collector } = collectorWith({});

    await expect(collector.run({ cycleId: 'c3' })).rejects.toMatchObject({ statusCode: 401 });
    await collector.close();
  });
});
