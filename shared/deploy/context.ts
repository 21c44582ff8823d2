import type { S3Client } from '@aws-sdk/client-s3';
import type { BundleLimits } from '../bundle/validate.ts';
import type { MarathonClient } from '../marathon/client.ts';
import type { ApplyOptions } from './apply.ts';

/** What deploy, rollback and history need; built once per cold start (handler) or per command (CLI). */
interface DeployContext {
  s3: S3Client;
  bucket: string;
  region: string;
  /** ARTIFACT_BASE_URL; unset on AWS, where the bucket's regional HTTPS URL is used. */
  artifactBaseUrl?: string | undefined;
  marathon: MarathonClient;
  limits: BundleLimits;
  /** Fires before the invocation deadline (deadlineSignal); S3 and Marathon calls stop there. */
  signal?: AbortSignal | undefined;
  /** PUT retries on 409/5xx/network. **Default:** 8 */
  putRetries?: number;
  /** **Default:** 500 */
  retryBaseDelayMs?: number;
  /** **Default:** () => new Date() */
  now?: () => Date;
}

/** The Marathon call options a context implies (client, deadline, retries). */
function applyOptions(ctx: DeployContext): ApplyOptions {
  return { marathon: ctx.marathon, signal: ctx.signal, retries: ctx.putRetries, baseDelayMs: ctx.retryBaseDelayMs };
}

export type { DeployContext };
export { applyOptions };
