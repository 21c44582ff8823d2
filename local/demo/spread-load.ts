import { setTimeout as sleep } from 'node:timers/promises';
import { generateLoad, type LoadStats } from '#local/load/index.ts';
import type { MarathonClient } from '#shared/marathon/index.ts';
import { appEndpoints } from './app-endpoints.ts';

/**
 * Load spread over every healthy task of an app, as a load balancer in front of it would: in short segments, each
 * re-reading the task list from Marathon, so instances added by a scale-up take their share from the next segment
 * on. The total rate stays `ratePerSec` however many instances there are. Loopback only (generateLoad refuses
 * anything else).
 */
interface SpreadLoadOptions {
  marathon: MarathonClient;
  appId: string;
  /** Path and query, e.g. `/load?ms=20`. */
  path: string;
  ratePerSec: number;
  /** Longest the load runs; `signal` stops it earlier. */
  durationMs: number;
  signal: AbortSignal;
  /** Length of one segment. **Default:** 2000 */
  segmentMs?: number;
  /** After each segment: the instances it hit and the totals so far. */
  onSegment?: (instances: number, totals: SpreadLoadTotals) => void;
}

interface SpreadLoadTotals {
  sent: number;
  ok: number;
  errors: number;
  /** Most instances one segment spread over. */
  maxInstances: number;
  elapsedMs: number;
}

async function spreadLoad(options: SpreadLoadOptions): Promise<SpreadLoadTotals> {
  const started = Date.now();
  const totals: SpreadLoadTotals = { sent: 0, ok: 0, errors: 0, maxInstances: 0, elapsedMs: 0 };
  const segmentMs = options.segmentMs ?? 2_000;
  while (!options.signal.aborted) {
    const left = options.durationMs - (Date.now() - started);
    if (left <= 0) break;
    const endpoints = await appEndpoints(options.marathon, options.appId, options.signal).catch(() => []);
    if (endpoints.length === 0) {
      await sleep(200, undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
    const durationMs = Math.max(100, Math.min(segmentMs, left));
    const results: LoadStats[] = await Promise.all(
      endpoints.map((url) =>
        generateLoad({
          url,
          path: options.path,
          ratePerSec: options.ratePerSec / endpoints.length,
          durationMs,
          signal: options.signal,
          requestTimeoutMs: 5_000,
        }),
      ),
    );
    for (const stats of results) {
      totals.sent += stats.sent;
      totals.ok += stats.ok;
      totals.errors += stats.errors;
    }
    totals.maxInstances = Math.max(totals.maxInstances, endpoints.length);
    totals.elapsedMs = Date.now() - started;
    options.onSegment?.(endpoints.length, { ...totals });
  }
  totals.elapsedMs = Date.now() - started;
  return totals;
}

export type { SpreadLoadOptions, SpreadLoadTotals };
export { spreadLoad };
