import type { RunMetrics } from './types.ts';

/** Running totals of a simulation; `add` accounts one step of `stepS` seconds. */
interface MetricsAccumulator {
  add(step: { stepS: number; demand: number; readyCapacity: number; instances: number }): void;
  countAction(): void;
  result(): RunMetrics;
}

function createMetrics(overloadLimit: number): MetricsAccumulator {
  let durationS = 0;
  let overloadSeconds = 0;
  let saturatedSeconds = 0;
  let unservedCpuSeconds = 0;
  let instanceSeconds = 0;
  let actions = 0;
  let worst = 0;
  let maxInstances = 0;
  return {
    add({ stepS, demand, readyCapacity, instances }) {
      durationS += stepS;
      instanceSeconds += instances * stepS;
      maxInstances = Math.max(maxInstances, instances);
      if (demand > overloadLimit * readyCapacity) overloadSeconds += stepS;
      if (demand > readyCapacity) {
        saturatedSeconds += stepS;
        unservedCpuSeconds += (demand - readyCapacity) * stepS;
      }
      if (demand > 0) worst = Math.max(worst, readyCapacity > 0 ? demand / readyCapacity : Number.POSITIVE_INFINITY);
    },
    countAction() {
      actions += 1;
    },
    result() {
      return {
        durationS,
        overloadSeconds,
        saturatedSeconds,
        unservedCpuSeconds,
        instanceHours: instanceSeconds / 3600,
        actions,
        worstOverload: Number.isFinite(worst) ? worst : null,
        meanInstances: durationS > 0 ? instanceSeconds / durationS : 0,
        maxInstances,
      };
    },
  };
}

export type { MetricsAccumulator };
export { createMetrics };
