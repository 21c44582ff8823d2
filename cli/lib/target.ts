import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { localS3Client, readServiceModel } from '#local/aws/index.ts';
import { readStackFile, type StackFile } from '#local/demo/stack-file.ts';
import { type CliEnv, loadCliEnv } from '#shared/config/cli-config.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { str, type Values } from './command.ts';
import { CliError, EXIT, UsageError } from './errors.ts';

/**
 * Where a command acts. Local (default): the stack `npm start` runs, found through `<data-dir>/stack.json`.
 * `--stage`: the deployed stage's bucket (names from serverless.yml, as `serverless deploy` makes them), Marathon
 * from `--marathon-url`/MARATHON_URL, decisions from CloudWatch Logs.
 */
type DecisionSource =
  | { kind: 'file'; path: string }
  | {
      kind: 'cloudwatch';
      stage: string;
      logGroup: string;
      region: string;
      profile?: string | undefined;
      /** A CloudWatch Logs endpoint other than AWS's (tests use a loopback fake). */
      endpoint?: string | undefined;
      credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

interface Target {
  kind: 'local' | 'aws';
  /** For messages: `local stack (.local/stack.json)` or `stage prod (eu-west-1)`. */
  label: string;
  region: string;
  bucket: string;
  incomingPrefix: string;
  artifactBaseUrl?: string | undefined;
  stack?: StackFile;
  decisions: DecisionSource;
  s3(): S3Client;
  /** Throws a CliError saying how to name Marathon when it is unknown. */
  marathon(): MarathonClient;
  marathonUrl?: string | undefined;
}

const TIMEOUTS = { connectTimeoutMs: 2_000, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 };

async function resolveTarget(values: Values, env: CliEnv = loadCliEnv()): Promise<Target> {
  const stage = str(values, 'stage') ?? env.AUTOPILOT_STAGE;
  const credentials = env.MARATHON_CREDENTIALS;
  if (stage) {
    const region = str(values, 'region') ?? env.AWS_REGION ?? 'us-east-1';
    const profile = str(values, 'profile') ?? env.AWS_PROFILE;
    const model = readServiceModel({ stage, region });
    const marathonUrl = str(values, 'marathon-url') ?? env.MARATHON_URL;
    let s3: S3Client | undefined;
    return {
      kind: 'aws',
      label: `stage ${stage} (${region})`,
      region,
      bucket: str(values, 'bucket') ?? model.bucketName,
      incomingPrefix: model.trigger.prefix,
      decisions: {
        kind: 'cloudwatch',
        stage,
        logGroup: `/aws/lambda/${model.functions.scale.functionName}`,
        region,
        profile,
      },
      s3: () => {
        s3 ??= new S3Client({ region, ...(profile ? { profile } : {}) });
        return s3;
      },
      marathonUrl,
      marathon: () => {
        if (!marathonUrl) {
          throw new UsageError(
            `no Marathon URL for stage ${stage}`,
            'pass --marathon-url http://marathon.internal:8080 or set MARATHON_URL',
          );
        }
        return new MarathonClient({ baseUrl: marathonUrl, credentials, timeouts: TIMEOUTS });
      },
    };
  }

  const dataDir = resolve(str(values, 'data-dir') ?? env.AUTOPILOT_DATA_DIR ?? '.local');
  const found = await readStackFile(dataDir);
  if (found.state !== 'running') {
    throw new CliError('NO_LOCAL_STACK', EXIT.notFound, `no local stack is running: ${found.reason}`, {
      hint: 'start it with "npm start" in another terminal (or pass --data-dir where it runs), or use --stage for AWS',
    });
  }
  const { stack } = found;
  let s3: S3Client | undefined;
  return {
    kind: 'local',
    label: `local stack (${found.path})`,
    region: stack.region,
    bucket: str(values, 'bucket') ?? stack.bucket,
    incomingPrefix: stack.incomingPrefix,
    artifactBaseUrl: stack.artifactBaseUrl,
    stack,
    decisions: { kind: 'file', path: join(stack.logDir, 'scale.log') },
    s3: () => {
      s3 ??= localS3Client(stack);
      return s3;
    },
    marathonUrl: stack.marathonUrl,
    marathon: () => new MarathonClient({ baseUrl: stack.marathonUrl, credentials, timeouts: TIMEOUTS }),
  };
}

export type { DecisionSource, Target };
export { resolveTarget };
