import { z } from 'zod';
import { ConfigError } from './errors.ts';

const booleanFromEnv = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const positiveInt = z.coerce.number().int().positive();

/**
 * Every environment variable the functions read, with its default.
 * The README's configuration table and serverless.yml mirror this schema.
 */
const ConfigSchema = z.object({
  // Where things live
  BUNDLE_BUCKET: z.string().min(3, 'set the name of the bundle bucket'),
  INCOMING_PREFIX: z.string().default('incoming/'),
  STATS_QUEUE_URL: z.url('set the URL of the statistics FIFO queue'),
  /** The statistics queue's FIFO DLQ; scale forwards poison messages there itself instead of retrying them. */
  STATS_DLQ_URL: z.url().optional(),
  /** Local stack only: S3 / SQS endpoints (s3rver, fauxqs). Unset on AWS. */
  S3_ENDPOINT_URL: z.url().optional(),
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
  SQS_ENDPOINT_URL: z.url().optional(),
  /** Base URL agents fetch stored bundles from; default: the bucket's regional HTTPS URL. */
  ARTIFACT_BASE_URL: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),

  // The cluster
  MARATHON_URL: z.url('set MARATHON_URL to the Marathon base URL, e.g. http://marathon.internal:8080'),
  MESOS_MASTER_URL: z.url('set MESOS_MASTER_URL to a Mesos master, e.g. http://mesos.internal:5050'),
  /** SSM SecureString parameter holding `user:password` or a bearer token (`token:<value>`). */
  MARATHON_CREDENTIALS_PARAM: z.string().optional(),
  MESOS_CREDENTIALS_PARAM: z.string().optional(),
  /** Local stack only: credentials given directly. Never set these on AWS; use the *_PARAM keys. */
  MARATHON_CREDENTIALS: z.string().optional(),
  MESOS_CREDENTIALS: z.string().optional(),
  /** Comma-separated CIDRs agent addresses from the master must fall in. */
  AGENT_ALLOWED_CIDRS: z.string().default('10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8'),

  // HTTP (undici) timeouts, one per phase
  HTTP_CONNECT_TIMEOUT_MS: positiveInt.default(2_000),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(5_000),
  HTTP_BODY_TIMEOUT_MS: positiveInt.default(5_000),
  /** Stop outbound work this long before the Lambda deadline. */
  TIMEOUT_MARGIN_MS: positiveInt.default(1_500),

  // Collect
  AUTOSCALE_LABEL: z.string().default('autopilot.enabled'),
  /** Agents polled at once (each agent still gets one request per sample). 64 polls 1000 agents at 20 ms in ~0.4 s. */
  AGENT_CONCURRENCY: positiveInt.default(64),
  SECOND_SAMPLE_DELAY_MS: positiveInt.default(1_000),
  /** Counters saved by a cycle longer ago than this are not used (a second sample is taken instead). */
  COUNTERS_MAX_AGE_S: positiveInt.default(900),

  // Scale
  DEFAULT_POLICY: z.enum(['target', 'threshold', 'seed', 'seed-original']).default('target'),
  DRY_RUN: booleanFromEnv.default(false),
  MAX_MESSAGE_AGE_S: positiveInt.default(300),

  // Deploy limits
  BUNDLE_MAX_ENTRIES: positiveInt.default(10_000),
  BUNDLE_MAX_UNCOMPRESSED_BYTES: positiveInt.default(2 * 1024 ** 3),
  BUNDLE_MAX_RATIO: positiveInt.default(100),
  MANIFEST_MAX_BYTES: positiveInt.default(64 * 1024),

  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

type Config = Readonly<z.infer<typeof ConfigSchema>>;

/**
 * Parses the environment once (call it at module scope in a handler).
 * Throws one {@link ConfigError} listing every bad key.
 */
function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(problems, { cause: result.error });
  }
  return Object.freeze(result.data);
}

export type { Config };
export { ConfigSchema, loadConfig };
