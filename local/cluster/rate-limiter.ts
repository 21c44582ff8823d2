interface RateLimiterOptions {
  /** Requests admitted per window. **Default:** 2 (a Mesos agent's statistics endpoint) */
  requests?: number;
  /** Window length in ms. **Default:** 1000 */
  windowMs?: number;
  /** Clock, injectable for tests. **Default:** Date.now */
  now?: () => number;
}

/**
 * A sliding-window limiter that queues instead of rejecting, like the Mesos agent's statistics
 * endpoint (`RateLimiter(2, Seconds(1))` in src/slave/http.cpp): excess callers wait their turn, in order.
 */
class QueueingRateLimiter {
  readonly #requests: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #admitted: number[] = [];
  readonly #waiting: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RateLimiterOptions = {}) {
    this.#requests = options.requests ?? 2;
    this.#windowMs = options.windowMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** Resolves when the caller may proceed. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#drain();
    });
  }

  /** Callers currently waiting. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Releases every waiter (used when the agent stops). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  #drain(): void {
    const now = this.#now();
    while (this.#admitted.length > 0 && now - (this.#admitted[0] as number) >= this.#windowMs) this.#admitted.shift();
    while (this.#waiting.length > 0 && this.#admitted.length < this.#requests) {
      this.#admitted.push(now);
      this.#waiting.shift()?.();
    }
    if (this.#waiting.length > 0 && !this.#timer) {
      const waitMs = Math.max(1, (this.#admitted[0] as number) + this.#windowMs - now);
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, waitMs);
    }
  }
}

export type { RateLimiterOptions };
export { QueueingRateLimiter };
