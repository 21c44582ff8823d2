import { describe, expect, it } from 'vitest';
import { cachedUntilFailure } from '#shared/lazy/index.ts';

describe('cachedUntilFailure', () => {
  it('makes the value once and shares it with every later and concurrent call', async () => {
    let made = 0;
    const get = cachedUntilFailure(async () => ++made);

    const values = await Promise.all([get(), get(), get()]);

    expect(values).toEqual([1, 1, 1]);
    expect(await get()).toBe(1);
    expect(made).toBe(1);
  });

  it('forgets a failure so the next call tries again', async () => {
    let attempt = 0;
    const get = cachedUntilFailure(async () => {
      attempt++;
      if (attempt === 1) throw new Error('throttled');
      return 'secret';
    });

    await expect(get()).rejects.toThrow('throttled');
    expect(await get()).toBe('secret');
    expect(await get()).toBe('secret');
    expect(attempt).toBe(2);
  });
});
