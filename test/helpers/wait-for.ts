import { setTimeout as sleep } from 'node:timers/promises';

interface WaitForOptions {
  /** Give up after this long. **Default:** 10000 */
  timeoutMs?: number;
  /** Pause between attempts. **Default:** 100 */
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/**
 * Polls `probe` until it returns a truthy value (which is returned) or the bound passes.
 * A probe that throws counts as "not yet"; its last error is the timeout error's cause.
 */
async function waitFor<T>(probe: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${options.what ?? 'condition'}`, { cause: lastError });
    }
    await sleep(options.intervalMs ?? 100);
  }
}

export type { WaitForOptions };
export { waitFor };
