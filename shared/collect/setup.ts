import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createS3Client, createSqsClient, createSsmClient } from '../aws/clients.ts';
import { createCredentialsResolver } from '../aws/credentials.ts';
import type { Config } from '../config/config.ts';
import { httpTimeouts } from '../http/request.ts';
import { cachedUntilFailure } from '../lazy/cached-until-failure.ts';
import type { Logger } from '../logging/logger.ts';
import { MarathonClient } from '../marathon/client.ts';
import { MesosClient } from '../mesos/client.ts';
import { parseCidrList } from './cidr.ts';
import { S3CounterStore } from './counter-store.ts';
import { type CollectDeps, type CollectOptions, type CollectSummary, runCollectCycle } from './cycle.ts';
import { UsageSender } from './sender.ts';

/**
 * Builds the collect cycle's clients and options from config once (at cold start); `run` is then called per
 * invocation with the deadline signal. Throws CidrConfigError at build time for a bad AGENT_ALLOWED_CIDRS.
 */

interface Collector {
  run(call?: { cycleId?: string | undefined; signal?: AbortSignal | undefined }): Promise<CollectSummary>;
  /** Closes the HTTP connections and the SDK clients it created (tests, benchmarks; a Lambda never calls it). */
  close(): Promise<void>;
}

interface CollectorOverrides {
  s3?: S3Client;
  sqs?: SQSClient;
  ssm?: Pick<SSMClient, 'send'>;
  logger?: Logger;
}

interface ClusterClients {
  marathon: MarathonClient;
  mesos: MesosClient;
}

function createCollector(config: Config, overrides: CollectorOverrides = {}): Collector {
  const timeouts = httpTimeouts(config);
  const ssmClient = cachedUntilFailure(
    async (): Promise<Pick<SSMClient, 'send'>> => overrides.ssm ?? createSsmClient(config),
  );
  const marathonCredentials = createCredentialsResolver(
    { value: config.MARATHON_CREDENTIALS, parameterName: config.MARATHON_CREDENTIALS_PARAM },
    ssmClient,
  );
  const mesosCredentials = createCredentialsResolver(
    { value: config.MESOS_CREDENTIALS, parameterName: config.MESOS_CREDENTIALS_PARAM },
    ssmClient,
  );
  // Credentials may live in SSM, so the clients are built on the first run and reused by later ones.
  const buildClients = cachedUntilFailure(async (): Promise<ClusterClients> => {
    const [marathonSecret, mesosSecret] = await Promise.all([marathonCredentials(), mesosCredentials()]);
    return {
      marathon: new MarathonClient({ baseUrl: config.MARATHON_URL, credentials: marathonSecret, timeouts }),
      mesos: new MesosClient({ masterUrl: config.MESOS_MASTER_URL, credentials: mesosSecret, timeouts }),
    };
  });
  // The last build asked for, so close() can wait for one still in flight.
  let clusterClients: Promise<ClusterClients> | undefined;
  const cluster = () => {
    clusterClients = buildClients();
    return clusterClients;
  };
  const s3 = overrides.s3 ?? createS3Client(config);
  const sqs = overrides.sqs ?? createSqsClient(config);
  const deps: Omit<CollectDeps, 'marathon' | 'mesos'> = {
    counters: new S3CounterStore({ s3, bucket: config.BUNDLE_BUCKET }),
    sender: new UsageSender({ sqs, queueUrl: config.STATS_QUEUE_URL }),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
  };
  const options: CollectOptions = {
    autoscaleLabel: config.AUTOSCALE_LABEL,
    agentPolicy: parseCidrList(config.AGENT_ALLOWED_CIDRS),
    agentConcurrency: config.AGENT_CONCURRENCY,
    secondSampleDelayMs: config.SECOND_SAMPLE_DELAY_MS,
    countersMaxAgeS: config.COUNTERS_MAX_AGE_S,
  };
  return {
    run: async (call = {}) => runCollectCycle({ ...deps, ...(await cluster()) }, { ...options, ...call }),
    close: async () => {
      const clients = await clusterClients?.catch(() => undefined);
      await Promise.all([clients?.marathon.close(), clients?.mesos.close()]);
      if (!overrides.s3) s3.destroy();
      if (!overrides.sqs) sqs.destroy();
    },
  };
}

export type { Collector, CollectorOverrides };
export { createCollector };
