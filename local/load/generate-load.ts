import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, Pool, request } from 'undici';
import { z } from 'zod';
import { describeZodIssues } from '#shared/validation/index.ts';
import { LoadOptionsError } from './errors.ts';
import { assertLoopbackUrl } from './loopback.ts';

/** Hard ceilings: the generator is for demos and tests on one machine, never a stress tool. */
const MAX_RATE_PER_SEC = 500;
const MAX_DURATION_MS = 15 * 60_000;
const MAX_CONCURRENCY = 64;

const LoadOptionsSchema = z.object({
  /** Base URL of the target; must be loopback. */
  url: z.union([z.string(), z.instanceof(URL)]),
  /** Path (and query) requested each time, e.g. `/load?ms=50`. **Default:** `/` */
  path: z.string().startsWith('/').default('/'),
  /** Requests started per second (open loop: the schedule does not wait for answers). */
  ratePerSec: z.number().positive().max(MAX_RATE_PER_SEC),
  /** Stop starting requests after this long. */
  durationMs: z.number().int().positive().max(MAX_DURATION_MS),
  /** Requests in flight at most; a tick that finds them all busy is counted as `dropped`. **Default:** 8 */
  concurrency: z.number().int().positive().max(MAX_CONCURRENCY).default(8),
  /** Budget of one request, connect to last body byte. **Default:** 5000 */
  requestTimeoutMs: z.number().int().positive().max(60_000).default(5_000),
  /** How often `onProgress` is called. **Default:** 1000 */
  progressIntervalMs: z.number().int().positive().default(1_000),
});

type LoadOptionsInput = z.input<typeof LoadOptionsSchema>;

interface GenerateLoadOptions extends LoadOptionsInput {
  /** Aborting stops the schedule and cancels requests in flight; the stats so far are returned. */
  signal?: AbortSignal;
  /** Called every `progressIntervalMs` with the stats so far (a copy). */
  onProgress?: (stats: LoadStats) => void;
  /** For tests: send through this dispatcher instead of a fresh pool (it is not closed). */
  dispatcher?: Dispatcher;
}

interface LoadStats {
  /** Requests started. */
  sent: number;
  /** Answered 2xx. */
  ok: number;
  /** Answered outside 2xx, failed, or timed out. */
  errors: number;
  /** Ticks skipped because `concurrency` requests were already in flight. */
  dropped: number;
  /** Answers by HTTP status, and failures by error code (`UND_ERR_…`, `ECONNREFUSED`, `TIMEOUT`, `ABORTED`). */
  byOutcome: Record<string, number>;
  /** Over every request that got an answer; null when none did. */
  latencyMs: { p50: number; p95: number; max: number } | null;
  elapsedMs: number;
  aborted: boolean;
}

function parseOptions(options: GenerateLoadOptions): z.output<typeof LoadOptionsSchema> {
  const result = LoadOptionsSchema.safeParse(options);
  if (!result.success) {
    const problems = describeZodIssues(result.error);
    throw new LoadOptionsError(problems, { cause: result.error });
  }
  return result.data;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 10) / 10;
}

function summarise(
  counters: Omit<LoadStats, 'latencyMs' | 'byOutcome'>,
  byOutcome: Map<string, number>,
  latencies: number[],
): LoadStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const latencyMs =
    sorted.length === 0
      ? null
      : { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: percentile(sorted, 100) };
  return { ...counters, byOutcome: Object.fromEntries(byOutcome), latencyMs };
}

function outcomeOf(error: unknown, timedOut: boolean, aborted: boolean): string {
  if (aborted) return 'ABORTED';
  if (timedOut) return 'TIMEOUT';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

/**
 * Sends GET `url` + `path` at `ratePerSec` for `durationMs` over loopback, at most `concurrency` at a time,
 * and returns what happened. Refuses any target off loopback before opening a socket ({@link LoadTargetError}).
 * @example
 * const stats = await generateLoad({ url: 'http://127.0.0.1:8080', path: '/load?ms=50', ratePerSec: 20, durationMs: 10_000 });
 */
async function generateLoad(options: GenerateLoadOptions): Promise<LoadStats> {
  const opts = parseOptions(options);
  const base = await assertLoopbackUrl(opts.url);
  const target = new URL(opts.path, base.origin);
  const stop = new AbortController();
  const signals = options.signal ? [stop.signal, options.signal] : [stop.signal];
  const cancel = AbortSignal.any(signals);
  const pool =
    options.dispatcher ??
    new Pool(base.origin, {
      connections: opts.concurrency,
      connect: { timeout: opts.requestTimeoutMs },
      headersTimeout: opts.requestTimeoutMs,
      bodyTimeout: opts.requestTimeoutMs,
    });
  const counters = { sent: 0, ok: 0, errors: 0, dropped: 0, elapsedMs: 0, aborted: false };
  const byOutcome = new Map<string, number>();
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const count = (outcome: string) => byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  const started = performance.now();
  const snapshot = () =>
    summarise({ ...counters, elapsedMs: Math.round(performance.now() - started) }, byOutcome, latencies);

  const fire = async (): Promise<void> => {
    const timeout = AbortSignal.timeout(opts.requestTimeoutMs);
    const t0 = performance.now();
    try {
      const response = await request(target, { dispatcher: pool, signal: AbortSignal.any([cancel, timeout]) });
      await response.body.dump({ limit: 1024 * 1024 });
      latencies.push(performance.now() - t0);
      count(String(response.statusCode));
      if (response.statusCode >= 200 && response.statusCode < 300) counters.ok += 1;
      else counters.errors += 1;
    } catch (error) {
      counters.errors += 1;
      count(outcomeOf(error, timeout.aborted, cancel.aborted));
    }
  };

  const progress = options.onProgress
    ? setInterval(() => options.onProgress?.(snapshot()), opts.progressIntervalMs)
    : undefined;
  const intervalMs = 1000 / opts.ratePerSec;
  try {
    for (let tick = 0; tick * intervalMs < opts.durationMs && !cancel.aborted; tick += 1) {
      const wait = started + tick * intervalMs - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: cancel }).catch(() => undefined);
      if (cancel.aborted) break;
      if (inFlight.size >= opts.concurrency) {
        counters.dropped += 1;
        continue;
      }
      counters.sent += 1;
      const pending = fire().finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    }
    await Promise.allSettled(inFlight);
  } finally {
    if (progress) clearInterval(progress);
    counters.aborted = options.signal?.aborted ?? false;
    stop.abort();
    if (!options.dispatcher) await pool.destroy();
  }
  return snapshot();
}

export type { GenerateLoadOptions, LoadStats };
export { generateLoad, LoadOptionsSchema, MAX_CONCURRENCY, MAX_DURATION_MS, MAX_RATE_PER_SEC };
