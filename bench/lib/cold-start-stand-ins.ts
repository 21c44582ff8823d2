/**
 * Loopback stand-ins for the cold-start bench's first invocation: the handlers run their real first call (SSM
 * credentials, S3, SQS, Marathon, Mesos) against these, so "import + first invocation" includes every piece of
 * setup a handler defers to its first call. All on 127.0.0.1, in the bench's own process.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { seedBundle } from '#test/helpers/bundles.ts';
import { startFakeMarathon, startFakeMaster } from '#test/helpers/fake-cluster-api.ts';
import { startFakeMarathon as startDeployFakeMarathon } from '#test/helpers/fake-marathon.ts';
import { startFakeAgent } from '#test/helpers/fake-mesos-agent.ts';
import { startTestServer } from '#test/helpers/http-server.ts';
import { localCredentials, startLocalBucket, startLocalFifoQueue } from '#test/helpers/local-queue-and-bucket.ts';
import { s3EventOf } from '#test/helpers/s3-events.ts';
import { marathonApp, sqsRecord, startScaleFakeMarathon, usageMessage } from '#test/helpers/scale-harness.ts';

interface FirstInvocation {
  /** Environment of the child process (the Lambda configuration). */
  env: Record<string, string>;
  /** The event of run `run` (each run is a fresh process; events differ so none is dropped as a duplicate). */
  event(run: number): Promise<unknown>;
}

interface StandIns {
  deploy: FirstInvocation & { puts(): number };
  collect: FirstInvocation;
  scale: FirstInvocation;
  close(): Promise<void>;
}

/** AWS SSM GetParameter (JSON protocol): every parameter holds `bench:bench`. */
async function startFakeSsm() {
  return startTestServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const isGetParameter = req.headers['x-amz-target'] === 'AmazonSSM.GetParameter';
      res.writeHead(isGetParameter ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          isGetParameter
            ? { Parameter: { Name: '/bench', Type: 'SecureString', Value: 'bench:bench', Version: 1 } }
            : { __type: 'InvalidAction', message: 'only GetParameter here' },
        ),
      );
    });
  });
}

async function startStandIns(): Promise<StandIns> {
  const [bucket, queue, ssm, agent, scaleMarathon, deployMarathon] = await Promise.all([
    startLocalBucket('cold-start-bench'),
    startLocalFifoQueue('stats.fifo'),
    startFakeSsm(),
    startFakeAgent({
      executors: [{ id: 'web.1', cpuRate: 0.5, cpusLimit: 1, memRssBytes: 64 * 2 ** 20, memLimitBytes: 2 ** 28 }],
    }),
    startScaleFakeMarathon(),
    startDeployFakeMarathon(),
  ]);
  const [collectMarathon, master] = await Promise.all([
    startFakeMarathon([
      {
        id: '/web',
        instances: 1,
        labels: { 'autopilot.enabled': 'true' },
        tasks: [{ id: 'web.1', appId: '/web', host: '127.0.0.1', slaveId: 'A' }],
      },
    ]),
    startFakeMaster([{ id: 'A', hostname: '127.0.0.1', port: agent.port }]),
  ]);
  scaleMarathon.apps.set('/web', marathonApp('/web', 2, { 'autopilot.targetCpu': '50' }));

  // As on AWS: credentials are SSM parameters, read on the first invocation.
  const common = {
    BUNDLE_BUCKET: bucket.bucket,
    STATS_QUEUE_URL: queue.queueUrl,
    S3_ENDPOINT_URL: bucket.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    SQS_ENDPOINT_URL: queue.endpoint,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    MARATHON_CREDENTIALS_PARAM: '/bench/marathon',
    MESOS_CREDENTIALS_PARAM: '/bench/mesos',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    LOG_LEVEL: 'error',
  };
  return {
    deploy: {
      env: {
        ...common,
        MARATHON_URL: deployMarathon.url,
        MESOS_MASTER_URL: master.url,
        ARTIFACT_BASE_URL: `${bucket.endpoint}/${bucket.bucket}`,
      },
      // A new bundle per run (one extra file), so every run validates, stores and PUTs; none is a no-op.
      event: async (run) => {
        const key = `incoming/bench-${run}.tar.gz`;
        const body = await seedBundle({}, [{ name: `bench-run-${run}.txt`, body: `run ${run}\n` }]);
        await bucket.s3.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: key, Body: body }));
        return s3EventOf({ key, bucket: bucket.bucket });
      },
      puts: () => deployMarathon.puts().length,
    },
    collect: {
      // The pause before a second sample is a sleep, not setup work: 1 ms keeps it out of the figure.
      env: { ...common, MARATHON_URL: collectMarathon.url, MESOS_MASTER_URL: master.url, SECOND_SAMPLE_DELAY_MS: '1' },
      event: async (run) => ({
        version: '0',
        id: `00000000-0000-4000-8000-${String(run).padStart(12, '0')}`,
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '123456789012',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: ['arn:aws:events:us-east-1:123456789012:rule/collect'],
        detail: {},
      }),
    },
    scale: {
      env: { ...common, MARATHON_URL: scaleMarathon.url, MESOS_MASTER_URL: master.url },
      event: async (run) => ({
        Records: [sqsRecord(usageMessage('/web', `bench-${run}`, new Date().toISOString(), 2, 0.9), '/web')],
      }),
    },
    close: async () => {
      await Promise.all([
        bucket.close(),
        queue.close(),
        ssm.close(),
        agent.close(),
        scaleMarathon.close(),
        deployMarathon.close(),
        collectMarathon.close(),
        master.close(),
      ]);
    },
  };
}

export type { FirstInvocation, StandIns };
export { startStandIns };
