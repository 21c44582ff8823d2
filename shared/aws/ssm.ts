import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../config/config.ts';

/**
 * The SSM pieces the credentials resolver needs, imported by name so the bundler keeps just them (~80 KB).
 * Do not `import('@aws-sdk/client-ssm')` instead: a dynamic import of the package bundles the whole client
 * (~230 KB, every command), parsed at every cold start, and the first invocation still pays for loading it.
 */
type SsmSettings = Pick<
  Config,
  'AWS_REGION' | 'HTTP_CONNECT_TIMEOUT_MS' | 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_BODY_TIMEOUT_MS'
>;

function createSsmClient(config: SsmSettings): SSMClient {
  return new SSMClient({
    region: config.AWS_REGION,
    // The SDK waits forever by default; SSM is read once, so the HTTP_* budgets bound it like every other call.
    requestHandler: {
      connectionTimeout: config.HTTP_CONNECT_TIMEOUT_MS,
      requestTimeout: config.HTTP_HEADERS_TIMEOUT_MS + config.HTTP_BODY_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}

export type { SsmSettings };
export { createSsmClient, GetParameterCommand };
