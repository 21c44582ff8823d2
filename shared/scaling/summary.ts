import type { TaskSample, UtilisationSummary } from './types.ts';

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Nearest-rank percentile (no interpolation), so it is always a value some task really had. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function cpuSamples(tasks: readonly TaskSample[]): number[] {
  return tasks.flatMap((task) => (task.cpu === null ? [] : [task.cpu]));
}

function memSamples(tasks: readonly TaskSample[]): number[] {
  return tasks.flatMap((task) => (task.mem === null ? [] : [task.mem]));
}

/** Summarises the period's samples; `overloadedAbove` is a fraction of the task's CPU limit. */
function summarise(tasks: readonly TaskSample[], overloadedAbove: number): UtilisationSummary {
  const cpu = cpuSamples(tasks);
  return {
    cpuMean: mean(cpu),
    cpuP90: percentile(cpu, 90),
    memMean: mean(memSamples(tasks)),
    overloaded: cpu.filter((value) => value > overloadedAbove).length,
    samples: cpu.length,
  };
}

export { cpuSamples, mean, memSamples, percentile, summarise };
