import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Decision, parseDecisionLine, SCALE_LOG_FILE } from './adapters.ts';

/** Keep at most this many decisions in memory (a few hours at one decision per app every 15 s). */
const MAX_DECISIONS = 20_000;

/**
 * Follows the scale function's log file: each read parses only the bytes appended since the last one, so polling
 * stays cheap as the file grows. A file that shrank (truncated, replaced) is read again from the start.
 */
class DecisionLog {
  readonly #file: string;
  #offset = 0;
  #partial = '';
  #decisions: Decision[] = [];
  #reading: Promise<readonly Decision[]> | undefined;

  constructor(logsDir: string) {
    this.#file = join(logsDir, SCALE_LOG_FILE);
  }

  /** Every decision so far, oldest first. A missing file is no decisions yet. */
  read(): Promise<readonly Decision[]> {
    // Concurrent requests share one read so the offset moves once.
    this.#reading ??= this.#readNew().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #readNew(): Promise<readonly Decision[]> {
    let size: number;
    try {
      size = (await stat(this.#file)).size;
    } catch {
      return this.#decisions;
    }
    if (size < this.#offset) {
      this.#offset = 0;
      this.#partial = '';
      this.#decisions = [];
    }
    if (size === this.#offset) return this.#decisions;
    const handle = await open(this.#file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.#offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
      this.#offset += bytesRead;
      const lines = (this.#partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      // The last piece is a line still being written (or '' after a newline): keep it for the next read.
      this.#partial = lines.pop() ?? '';
      for (const line of lines) {
        const decision = parseDecisionLine(line);
        if (decision) this.#decisions.push(decision);
      }
      if (this.#decisions.length > MAX_DECISIONS) this.#decisions = this.#decisions.slice(-MAX_DECISIONS);
    } finally {
      await handle.close();
    }
    return this.#decisions;
  }
}

/**
 * `since` as the CLI takes it: an ISO time, epoch milliseconds, or a duration back from `now` (`90s`, `15m`, `2h`,
 * `1d`). Returns epoch ms, or `undefined` when the text is none of these.
 */
function parseSince(since: string, now = Date.now()): number | undefined {
  const text = since.trim();
  const duration = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (duration) {
    const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 'ms'];
    return now - Number(duration[1]) * unitMs;
  }
  if (/^\d+$/.test(text)) return Number(text);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Decisions of one app (`/rest-app` and `rest-app` alike) and/or at or after `sinceMs`. */
function filterDecisions(
  decisions: readonly Decision[],
  filter: { appId?: string | undefined; sinceMs?: number | undefined },
): Decision[] {
  const app = filter.appId ? `/${filter.appId.replace(/^\/+/, '')}` : undefined;
  return decisions.filter(
    (d) =>
      (app === undefined || `/${d.appId.replace(/^\/+/, '')}` === app) &&
      (filter.sinceMs === undefined || Date.parse(d.at) >= filter.sinceMs),
  );
}

export { DecisionLog, filterDecisions, MAX_DECISIONS, parseSince };
