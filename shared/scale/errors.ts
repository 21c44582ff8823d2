import { HttpError } from '../http/errors.ts';
import { MarathonDeploymentLockedError, MarathonInvalidAppError } from '../marathon/errors.ts';

/**
 * Whether a failed message should come back (batch item failure) or be given up (DLQ + error log).
 * Retry: Marathon locked by a deployment (409), retryable HTTP failures (5xx, 429, timeouts, network), the
 * invocation deadline, and anything unexpected (S3, SSM, bugs): SQS redrives those to the DLQ after
 * maxReceiveCount. Give up: Marathon rejected the change (422) or answered something that is not its API (HTML).
 */
function isRetryable(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (error instanceof MarathonDeploymentLockedError) return true;
  if (error instanceof MarathonInvalidAppError) return false;
  if (error instanceof HttpError) return error.retryable;
  return true;
}

/** A stable code for logs: the error's own `code`, else its name. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'UNKNOWN';
}

export { errorCode, isRetryable };
