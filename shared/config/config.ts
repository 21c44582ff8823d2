import { z } from 'zod';
import { parseEnv } from './parse-env.ts';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const positiveInt = z.coerce.number().int().positive();

/**
 * Every environment variable the functions read, with its default and meaning (`.describe`). The configuration
 * tables in README.md and docs/configuration.md are generated from this schema (`npm run docs:config`).
 */
const ConfigSchema = z.object({
  // Where things live
  BUNDLE_BUCKET: z.string().min(3, 'set the name of the bundle bucket').describe('Name of the bundle bucket'),
  INCOMING_PREFIX: z.string().default('incoming/').describe('Prefix of the uploads deploy accepts'),
  STATS_QUEUE_URL: z.url('set the URL of the statistics FIFO queue').describe('URL of the statistics FIFO queue'),
  STATS_DLQ_URL: z
    .url()
    .optional()
    .describe('URL of its FIFO DLQ; scale forwards poison messages there itself instead of retrying them'),
  S3_ENDPOINT_URL: z.url().optional().describe('Local stack only: S3 endpoint (s3rver). Unset on AWS'),
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false).describe('Local stack only: path-style S3 URLs (s3rver)'),
  SQS_ENDPOINT_URL: z.url().optional().describe('Local stack only: SQS endpoint (fauxqs). Unset on AWS'),
  ARTIFACT_BASE_URL: z
    .url()
    .optional()
    .describe("Base URL agents fetch stored bundles from; unset = the bucket's regional HTTPS URL"),
  AWS_REGION: z.string().default('us-east-1').describe('AWS region (Lambda sets it)'),

  // The cluster
  MARATHON_URL: z
    .url('set MARATHON_URL to the Marathon base URL, e.g. http://marathon.internal:8080')
    .describe('Marathon base URL'),
  MESOS_MASTER_URL: z
    .url('set MESOS_MASTER_URL to a Mesos master, e.g. http://mesos.internal:5050')
    .describe('A Mesos master base URL; a redirect to the leading master is followed'),
  MARATHON_CREDENTIALS_PARAM: z
    .string()
    .optional()
    .describe('SSM SecureString name holding `user:password` (basic) or `token:<value>` (bearer) for Marathon'),
  MESOS_CREDENTIALS_PARAM: z.string().optional().describe('The same for the Mesos master and agents'),
  MARATHON_CREDENTIALS: z
    .string()
    .optional()
    .describe('Local stack only: Marathon credentials given directly. Never on AWS: use the *_PARAM keys'),
  MESOS_CREDENTIALS: z.string().optional().describe('Local stack only: Mesos credentials given directly'),
  AGENT_ALLOWED_CIDRS: z
    .string()
    .default('10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8')
    .describe("Comma-separated CIDRs the agents' addresses (from the master) must fall in; set your cluster's subnets"),

  // HTTP (undici) timeouts, one per phase
  HTTP_CONNECT_TIMEOUT_MS: positiveInt.default(2_000).describe('Connect timeout of every outbound call'),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(5_000).describe('Time to the response headers'),
  HTTP_BODY_TIMEOUT_MS: positiveInt.default(5_000).describe('Longest pause while the body streams'),
  TIMEOUT_MARGIN_MS: positiveInt.default(1_500).describe('Stop outbound work this long before the Lambda deadline'),

  // Collect
  AUTOSCALE_LABEL: z.string().default('autopilot.enabled').describe('Marathon label that opts an app into autoscaling'),
  AGENT_CONCURRENCY: positiveInt
    .default(64)
    .describe('Agents polled at once (one request per agent per sample); 64 polls 1000 agents at 20 ms in ~0.6 s'),
  SECOND_SAMPLE_DELAY_MS: positiveInt
    .default(1_000)
    .describe('Delay of the second statistics sample for tasks without saved counters'),
  COUNTERS_MAX_AGE_S: positiveInt
    .default(900)
    .describe('Saved counters older than this are not used (a second sample is taken instead)'),

  // Scale
  DEFAULT_POLICY: z
    .enum(['target', 'threshold', 'seed', 'seed-original'])
    .default('target')
    .describe('Scaling policy of an app whose labels name none'),
  DRY_RUN: booleanFromEnv.default(false).describe('scale decides and logs but never changes Marathon'),
  MAX_MESSAGE_AGE_S: positiveInt.default(300).describe('scale drops usage messages older than this'),

  // Deploy limits
  BUNDLE_MAX_ENTRIES: positiveInt.default(10_000).describe('Most entries a bundle may have'),
  BUNDLE_MAX_UNCOMPRESSED_BYTES: positiveInt.default(2 * 1024 ** 3).describe('Largest uncompressed bundle (2 GiB)'),
  BUNDLE_MAX_RATIO: positiveInt.default(100).describe('Largest compression ratio (zip-bomb guard)'),
  MANIFEST_MAX_BYTES: positiveInt.default(64 * 1024).describe('Largest `marathon.json` in a bundle'),

  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Lowest level logged'),
});

type Config = Readonly<z.infer<typeof ConfigSchema>>;

/**
 * Parses the environment once (call it at module scope in a handler).
 * Throws one {@link ConfigError} listing every bad key.
 */
function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseEnv(ConfigSchema, env);
}

export type { Config };
export { ConfigSchema, loadConfig };
