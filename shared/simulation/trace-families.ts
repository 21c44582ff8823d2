import { SimulationConfigError } from './errors.ts';
import { createPrng, type Prng } from './prng.ts';
import type { Trace } from './types.ts';

/** Synthetic traces start here so their timestamps are stable across runs. */
const SYNTHETIC_START_MS = Date.parse('2026-01-01T00:00:00.000Z');
const STEP_S = 60;
const HOUR = 3600;

const TRACE_FAMILIES = ['diurnal', 'flash-crowd', 'slow-ramp', 'noisy-plateau', 'step-down'] as const;
type TraceFamily = (typeof TRACE_FAMILIES)[number];

/** Demand (CPU-seconds/s) at second `t`, before noise; built once per trace from the seed's random draws. */
type Shape = (t: number) => number;

/** 24 h of day/night load: a night floor, a broad day peak, a lunchtime shoulder. Peak 8–12 cores. */
function diurnal(prng: Prng): { hours: number; shape: Shape } {
  const floor = 1.2 + 0.6 * prng.next();
  const peak = 8 + 4 * prng.next();
  const shift = (prng.next() - 0.5) * 2 * HOUR;
  const shape: Shape = (t) => {
    const day = 0.5 - 0.5 * Math.cos((2 * Math.PI * (t - shift)) / (24 * HOUR));
    const lunch = 0.08 * Math.exp(-(((t - shift - 13 * HOUR) / HOUR) ** 2));
    return floor + (peak - floor) * Math.min(1, day ** 1.5 + lunch);
  };
  return { hours: 24, shape };
}

/** 4 h: a steady base, then within two minutes 4–6× the load for 20–40 min, decaying back (τ = 15 min). */
function flashCrowd(prng: Prng): { hours: number; shape: Shape } {
  const base = 1.5 + prng.next();
  const factor = 4 + 2 * prng.next();
  const start = HOUR * (0.75 + 0.5 * prng.next());
  const hold = 60 * (20 + 20 * prng.next());
  const rise = 120;
  const shape: Shape = (t) => {
    if (t < start) return base;
    const surge = base * (factor - 1);
    if (t < start + rise) return base + (surge * (t - start)) / rise;
    if (t < start + rise + hold) return base + surge;
    return base + surge * Math.exp(-(t - start - rise - hold) / (15 * 60));
  };
  return { hours: 4, shape };
}

/** 8 h: load grows linearly from ~1 core to 10–14 cores over 7 h, then holds. */
function slowRamp(prng: Prng): { hours: number; shape: Shape } {
  const from = 0.8 + 0.4 * prng.next();
  const to = 10 + 4 * prng.next();
  const shape: Shape = (t) => from + (to - from) * Math.min(1, t / (7 * HOUR));
  return { hours: 8, shape };
}

/** 4 h around 4–6 cores with strongly autocorrelated ±20 % wander and short spikes: tempts flapping. */
function noisyPlateau(prng: Prng): { hours: number; shape: Shape } {
  const level = 4 + 2 * prng.next();
  const minutes = 4 * 60;
  const wander: number[] = [];
  let x = 0;
  for (let m = 0; m < minutes; m += 1) {
    x = 0.9 * x + 0.2 * Math.sqrt(1 - 0.81) * prng.normal();
    const spike = prng.next() < 0.02 ? 0.3 + 0.3 * prng.next() : 0;
    wander.push(Math.max(0.2, 1 + x + spike));
  }
  const shape: Shape = (t) => level * (wander[Math.min(minutes - 1, Math.floor(t / 60))] ?? 1);
  return { hours: 4, shape };
}

/** 4 h: a busy first 60–90 min at 8–12 cores, then the load drops to a quarter and stays. */
function stepDown(prng: Prng): { hours: number; shape: Shape } {
  const high = 8 + 4 * prng.next();
  const at = HOUR * (1 + 0.5 * prng.next());
  const shape: Shape = (t) => (t < at ? high : high / 4);
  return { hours: 4, shape };
}

const BUILDERS: Record<TraceFamily, (prng: Prng) => { hours: number; shape: Shape }> = {
  diurnal,
  'flash-crowd': flashCrowd,
  'slow-ramp': slowRamp,
  'noisy-plateau': noisyPlateau,
  'step-down': stepDown,
};

function isTraceFamily(name: string): name is TraceFamily {
  return (TRACE_FAMILIES as readonly string[]).includes(name);
}

/**
 * One trace of a family, one sample a minute, deterministic from `seed`: the seed draws the family's
 * parameters (levels, timing) and a 3 % per-minute demand jitter on top of the shape.
 */
function generateTrace(family: string, seed: number): Trace {
  if (!isTraceFamily(family)) {
    throw new SimulationConfigError(`unknown trace family "${family}"; use one of ${TRACE_FAMILIES.join(', ')}`);
  }
  const prng = createPrng(seed);
  const { hours, shape } = BUILDERS[family](prng);
  const demand = Array.from({ length: (hours * HOUR) / STEP_S }, (_, i) =>
    Math.max(0, shape(i * STEP_S) * (1 + 0.03 * prng.normal())),
  );
  return { name: family, stepS: STEP_S, demand, startMs: SYNTHETIC_START_MS };
}

/**
 * The same shape rescaled so its highest sample is `peak` CPU-seconds/s: fits a built-in family (peaks of
 * 8–14 cores) to a small app, or asks "what if my recorded load doubled?".
 */
function scaleTrace(trace: Trace, peak: number): Trace {
  if (!(peak > 0) || !Number.isFinite(peak)) {
    throw new SimulationConfigError(`the peak must be a positive number of CPU-seconds per second, got ${peak}`);
  }
  const highest = Math.max(...trace.demand);
  if (highest <= 0) throw new SimulationConfigError(`trace "${trace.name}" has no demand to scale`);
  return { ...trace, demand: trace.demand.map((value) => (value * peak) / highest) };
}

export type { TraceFamily };
export { generateTrace, isTraceFamily, SYNTHETIC_START_MS, scaleTrace, TRACE_FAMILIES };
