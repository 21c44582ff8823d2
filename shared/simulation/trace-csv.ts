import { TraceFormatError } from './errors.ts';
import type { Trace } from './types.ts';

/** Longest trace accepted: the simulator steps once a second. */
const MAX_DURATION_S = 31 * 24 * 3600;

interface Sample {
  readonly atMs: number;
  readonly demand: number;
}

/**
 * Reads a user's recorded load: `timestamp,demand` per line, demand in CPU-seconds per second.
 * `timestamp` is ISO 8601 or a number of seconds (epoch or from the start). An optional header line,
 * blank lines and `#` comments are skipped. Samples are held until the next one (zero-order hold) on a grid
 * of the (lower) median sample interval, rounded to whole seconds.
 */
function parseCsvTrace(text: string, name = 'csv'): Trace {
  const samples: Sample[] = [];
  let lastLine = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    const fields = content.split(',').map((field) => field.trim());
    const isHeader = /^[a-z_ ]+$/i.test(fields[0] ?? '') && Number.isNaN(Number(fields[1]));
    if (samples.length === 0 && lastLine === 0 && isHeader) {
      lastLine = line;
      return;
    }
    if (fields.length !== 2) {
      throw new TraceFormatError(`expected 2 fields "timestamp,demand", got ${fields.length}: "${content}"`, { line });
    }
    const atMs = parseTimestamp(fields[0] ?? '', line);
    const demand = Number(fields[1]);
    if (fields[1] === '' || !Number.isFinite(demand) || demand < 0) {
      throw new TraceFormatError(`demand must be a number ≥ 0 (CPU-seconds per second), got "${fields[1]}"`, { line });
    }
    const previous = samples.at(-1);
    if (previous && atMs <= previous.atMs) {
      throw new TraceFormatError(`timestamps must increase; "${fields[0]}" is not after line ${lastLine}`, { line });
    }
    samples.push({ atMs, demand });
    lastLine = line;
  });
  return resample(samples, name);
}

function parseTimestamp(field: string, line: number): number {
  if (/^-?\d+(\.\d+)?$/.test(field)) return Number(field) * 1000;
  const atMs = /^\d{4}-\d{2}-\d{2}/.test(field) ? Date.parse(field) : Number.NaN;
  if (Number.isNaN(atMs)) {
    throw new TraceFormatError(
      `timestamp must be ISO 8601 (2026-01-01T00:00:00Z) or seconds (1767225600), got "${field}"`,
      { line },
    );
  }
  return atMs;
}

function resample(samples: readonly Sample[], name: string): Trace {
  const first = samples[0];
  if (first === undefined || samples.length < 2) {
    throw new TraceFormatError('a trace needs at least 2 samples "timestamp,demand"');
  }
  const gaps = samples
    .slice(1)
    .map((sample, index) => sample.atMs - (samples[index]?.atMs ?? 0))
    .sort((a, b) => a - b);
  const stepS = Math.max(1, Math.round((gaps[Math.floor((gaps.length - 1) / 2)] ?? 1000) / 1000));
  const last = samples.at(-1) ?? first;
  const durationS = (last.atMs - first.atMs) / 1000 + stepS;
  if (durationS > MAX_DURATION_S) {
    throw new TraceFormatError(`the trace spans ${Math.round(durationS / 86400)} days; keep it to 31 days or less`);
  }
  const demand: number[] = [];
  let cursor = 0;
  for (let i = 0; i * stepS < durationS; i += 1) {
    const atMs = first.atMs + i * stepS * 1000;
    while ((samples[cursor + 1]?.atMs ?? Number.POSITIVE_INFINITY) <= atMs) cursor += 1;
    demand.push(samples[cursor]?.demand ?? 0);
  }
  return { name, stepS, demand, startMs: first.atMs };
}

export type { Sample };
export { parseCsvTrace, resample };
