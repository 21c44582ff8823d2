import type { SSMClient } from '@aws-sdk/client-ssm';
import { createS3Client, createSsmClient } from '../aws/clients.ts';
import { createCredentialsResolver } from '../aws/credentials.ts';
import type { Config } from '../config/config.ts';
import { httpTimeouts } from '../http/request.ts';
import { cachedUntilFailure } from '../lazy/cached-until-failure.ts';
import { MarathonClient } from '../marathon/client.ts';
import type { DeployContext } from './context.ts';

/** The deploy context for a config and Marathon credentials: S3 client (local endpoint when set), Marathon client, limits. */
function deployContextFromConfig(config: Config, credentials?: string): DeployContext {
  // Connect and socket-idle timeouts from the HTTP_* keys; the idle one also bounds a stalled bundle download.
  const s3 = createS3Client(config);
  const marathon = new MarathonClient({
    baseUrl: config.MARATHON_URL,
    credentials: credentials ?? config.MARATHON_CREDENTIALS,
    timeouts: httpTimeouts(config),
  });
  return {
    s3,
    bucket: config.BUNDLE_BUCKET,
    region: config.AWS_REGION,
    artifactBaseUrl: config.ARTIFACT_BASE_URL,
    marathon,
    limits: {
      maxEntries: config.BUNDLE_MAX_ENTRIES,
      maxUncompressedBytes: config.BUNDLE_MAX_UNCOMPRESSED_BYTES,
      maxRatio: config.BUNDLE_MAX_RATIO,
      manifestMaxBytes: config.MANIFEST_MAX_BYTES,
    },
  };
}

/**
 * Built once at cold start; `context()` resolves the Marathon credentials (MARATHON_CREDENTIALS, or the SSM
 * SecureString named by MARATHON_CREDENTIALS_PARAM, read once per container) and returns the shared context.
 * A failed SSM read is not cached: the next invocation asks again.
 */
function createDeployContextFactory(config: Config, overrides: { ssm?: Pick<SSMClient, 'send'> } = {}) {
  const credentials = createCredentialsResolver(
    { value: config.MARATHON_CREDENTIALS, parameterName: config.MARATHON_CREDENTIALS_PARAM },
    async () => overrides.ssm ?? createSsmClient(config),
  );
  return { context: cachedUntilFailure(async () => deployContextFromConfig(config, await credentials())) };
}

export { createDeployContextFactory, deployContextFromConfig };
