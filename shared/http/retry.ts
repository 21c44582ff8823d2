import { setTimeout as sleep } from 'node:timers/promises';
import { HttpError } from './errors.ts';

interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff; doubles per attempt, with full jitter. **Default:** 200 */
  baseDelayMs?: number;
  /** Give up early when this fires (the invocation deadline). */
  signal?: AbortSignal;
  /** **Default:** retry {@link HttpError}s that say they are retryable. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, e.g. to log the retry. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const defaultShouldRetry = (error: unknown): boolean => error instanceof HttpError && error.retryable;

/** Runs `operation` until it succeeds, the error is not retryable, attempts run out, or the signal fires. */
async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const shouldRetry = options.shouldRetry ?? defaultShouldRetry;
  const baseDelayMs = options.baseDelayMs ?? 200;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.retries || options.signal?.aborted || !shouldRetry(error, attempt)) throw error;
      const delayMs = Math.round(Math.random() * baseDelayMs * 2 ** attempt);
      options.onRetry?.(error, attempt, delayMs);
      try {
        await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : undefined);
      } catch {
        throw error;
      }
    }
  }
}

export type { RetryOptions };
export { withRetry };
