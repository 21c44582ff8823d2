import { HttpError } from '../http/errors.ts';
import { withRetry } from '../http/retry.ts';
import { logger } from '../logging/logger.ts';
import type { MarathonClient } from '../marathon/client.ts';
import { MarathonDeploymentLockedError } from '../marathon/errors.ts';
import type { DeploymentResult, MarathonApp, MarathonAppUpdate } from '../marathon/schemas.ts';

interface ApplyOptions {
  marathon: MarathonClient;
  /** Fires before the invocation deadline; retries stop there and the error surfaces. */
  signal?: AbortSignal | undefined;
  /** Extra attempts after the first. **Default:** 8 */
  retries?: number;
  /** First backoff, doubled per attempt with jitter. **Default:** 500 */
  baseDelayMs?: number;
}

/** 409 (a deployment holds the app) and transient HTTP failures are worth another try; 422 never is. */
function shouldRetry(error: unknown): boolean {
  if (error instanceof MarathonDeploymentLockedError) return true;
  return error instanceof HttpError && error.retryable;
}

/**
 * PUT /v2/apps/{id}, retried within the invocation's budget. When attempts or time run out the last error is
 * thrown, the invocation fails, and S3's asynchronous retry delivers the event again later.
 */
function applyApp(appId: string, definition: MarathonAppUpdate, options: ApplyOptions): Promise<DeploymentResult> {
  return withRetry(() => options.marathon.putApp(appId, definition, { signal: options.signal }), {
    retries: options.retries ?? 8,
    baseDelayMs: options.baseDelayMs ?? 500,
    signal: options.signal,
    shouldRetry,
    onRetry: (error, attempt, delayMs) =>
      logger.warn('marathon put retried', { appId, attempt, delayMs, code: (error as { code?: string }).code }),
  });
}

/** GET /v2/apps/{id} with the same retries on network errors and 5xx (a 404 is `undefined`, not an error). */
function readApp(appId: string, options: ApplyOptions): Promise<MarathonApp | undefined> {
  return withRetry(() => options.marathon.getApp(appId, { signal: options.signal }), {
    retries: options.retries ?? 8,
    baseDelayMs: options.baseDelayMs ?? 500,
    signal: options.signal,
    onRetry: (error, attempt, delayMs) =>
      logger.warn('marathon get retried', { appId, attempt, delayMs, code: (error as { code?: string }).code }),
  });
}

export type { ApplyOptions };
export { applyApp, readApp };
