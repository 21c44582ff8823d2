/**
 * `make()` once, its promise shared by every later call; a rejection is forgotten so the next call tries again.
 * For what a Lambda container builds on first use and keeps (SSM secrets, clients that need them): a throttled
 * or late-created parameter must not poison the container for its whole life.
 */
function cachedUntilFailure<T>(make: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= make().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

export { cachedUntilFailure };
