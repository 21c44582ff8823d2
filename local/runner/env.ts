import type { FunctionModel, LocalAws } from '#local/aws/index.ts';

/**
 * The environment a function gets locally: serverless.yml's provider.environment with the local stand-ins in place
 * of AWS resources, plus what the Lambda runtime itself sets. Only these values differ from AWS; the handler code
 * is the same. Keys must exist in shared/config/config.ts.
 */
function resolveCfnValue(value: unknown, stack: LocalAws): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  if (ref === stack.model.statsQueue.logicalId) return stack.statsQueue.url;
  if (ref === stack.model.deadLetterQueue.logicalId) return stack.deadLetterQueue.url;
  return undefined;
}

function localFunctionEnv(
  fn: FunctionModel,
  stack: LocalAws,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(stack.model.environment)) {
    const resolved = resolveCfnValue(value, stack);
    if (resolved === undefined) throw new Error(`local env: cannot resolve ${key}=${JSON.stringify(value)}`);
    env[key] = resolved;
  }
  Object.assign(env, {
    BUNDLE_BUCKET: stack.bucket,
    S3_ENDPOINT_URL: stack.s3Endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    SQS_ENDPOINT_URL: stack.sqsEndpoint,
    // Agents fetch bundles from s3rver over plain HTTP locally (path-style), from S3 over HTTPS on AWS.
    ARTIFACT_BASE_URL: `${stack.s3Endpoint}/${stack.bucket}`,
    // There is no SSM locally: credentials, if any, come directly via MARATHON_CREDENTIALS / MESOS_CREDENTIALS.
    MARATHON_CREDENTIALS_PARAM: undefined,
    MESOS_CREDENTIALS_PARAM: undefined,
    // What the Lambda runtime sets.
    AWS_REGION: stack.region,
    AWS_DEFAULT_REGION: stack.region,
    AWS_ACCESS_KEY_ID: stack.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: stack.credentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    // s3rver predates the SDK's default streaming checksums (aws-chunked trailers); send checksums only when required.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    TZ: 'UTC',
    ...overrides,
  });
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export { localFunctionEnv };
