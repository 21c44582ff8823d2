import { afterEach } from 'vitest';

/**
 * Counts what the reliability suite actually ran. Each test file increments these while its cases run; after each
 * test the counts are moved into the test's `meta.reliability`, which vitest hands to the reporter in the main
 * process (test files run in separate workers, so a module-level counter alone would not add up across files).
 * test/reporters/reliability-summary.ts sums them and prints the summary.
 */

interface ReliabilityCounts {
  /** Bad or unusual inputs given to product code (bundles, events, messages, upstream payloads). */
  inputs: number;
  /** Faults injected: a dead, slow, failing or lying upstream; a duplicate, reordered or interrupted delivery. */
  faults: number;
  /** Cases that ended in an unhandled or untyped error instead of the expected outcome. */
  crashes: number;
  /** Uploads or messages that ended up neither processed, rejected with a record, nor in a DLQ. */
  lostUploads: number;
  /** Scale actions applied that should not have been (twice, for a poison message, out of order). */
  wrongScaleActions: number;
}

declare module 'vitest' {
  interface TaskMeta {
    reliability?: ReliabilityCounts;
  }
}

const emptyCounts = (): ReliabilityCounts => ({
  inputs: 0,
  faults: 0,
  crashes: 0,
  lostUploads: 0,
  wrongScaleActions: 0,
});

let current = emptyCounts();

function count(kind: keyof ReliabilityCounts, n = 1): void {
  current[kind] += n;
}

/** Call once at the top of a reliability test file: hands each test's counts to the reporter. */
function reportCounts(): void {
  afterEach(({ task }) => {
    task.meta.reliability = current;
    current = emptyCounts();
  });
}

/**
 * Runs one case and counts it: an error that is not one of the product's typed errors (no string `code`, or a
 * ZodError where the boundary should have named the problem) counts as a crash and is rethrown so the test fails.
 */
async function guarded<T>(kind: 'inputs' | 'faults', run: () => Promise<T>): Promise<T> {
  count(kind);
  try {
    return await run();
  } catch (error) {
    count('crashes');
    throw error;
  }
}

/**
 * For cases whose expected outcome is an error: the error the promise rejects with (undefined if it resolves).
 * An error without a string `code` (a TypeError, a raw ZodError) is not a typed outcome and counts as a crash.
 */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (typeof (error as { code?: unknown } | null)?.code !== 'string') count('crashes');
    return error;
  }
}

export type { ReliabilityCounts };
export { count, emptyCounts, failureOf, guarded, reportCounts };
