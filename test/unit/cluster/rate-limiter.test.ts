import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueueingRateLimiter } from '#local/cluster/index.ts';

describe('QueueingRateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits two requests per second and queues the rest in order instead of rejecting them', async () => {
    const limiter = new QueueingRateLimiter({ requests: 2, windowMs: 1_000 });
    const admitted: number[] = [];
    const all = [1, 2, 3, 4, 5].map((n) => limiter.acquire().then(() => admitted.push(n)));

    await vi.advanceTimersByTimeAsync(0);
    expect(admitted).toEqual([1, 2]);
    expect(limiter.queued).toBe(3);

    await vi.advanceTimersByTimeAsync(999);
    expect(admitted).toEqual([1, 2]);

    await vi.advanceTimersByTimeAsync(1);
    expect(admitted).toEqual([1, 2, 3, 4]);

    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(admitted).toEqual([1, 2, 3, 4, 5]);
  });

  it('releases every waiter on flush', async () => {
    const limiter = new QueueingRateLimiter({ requests: 1, windowMs: 60_000 });
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.flush();
    await expect(waiting).resolves.toBeUndefined();
    expect(limiter.queued).toBe(0);
  });
});
