import type { ThresholdConfig } from './spec.ts';
import type { Recommendation, ThresholdState, UtilisationSummary } from './types.ts';

/** Which direction the period's mean utilisation points, per trigger mode (percentages of the limits). */
function direction(config: ThresholdConfig, summary: UtilisationSummary): 'up' | 'down' | 'hold' {
  const cpu = (summary.cpuMean ?? 0) * 100;
  const mem = (summary.memMean ?? 0) * 100;
  const cpuHigh = cpu > config.maxCpu;
  const cpuLow = cpu < config.minCpu;
  const memHigh = mem > config.maxMem;
  const memLow = mem < config.minMem;
  let high: boolean;
  let low: boolean;
  switch (config.triggerMode) {
    case 'cpu':
      [high, low] = [cpuHigh, cpuLow];
      break;
    case 'mem':
      [high, low] = [memHigh, memLow];
      break;
    case 'and':
      [high, low] = [cpuHigh && memHigh, cpuLow && memLow];
      break;
    case 'or':
      high = cpuHigh || memHigh;
      // Never shrink while one dimension is hot (marathon-autoscale's bitwise OR of directions could).
      low = !high && (cpuLow || memLow);
      break;
  }
  return high ? 'up' : low ? 'down' : 'hold';
}

/**
 * marathon-autoscale's rule: count consecutive periods out of range; act on the period that makes the count
 * exceed scaleUpFactor (up) or coolDownFactor (down), by ceil(current × multiplier) or floor(current ÷ multiplier),
 * then start counting again.
 */
function recommendThreshold(
  config: ThresholdConfig,
  state: ThresholdState,
  current: number,
  summary: UtilisationSummary,
): Recommendation<ThresholdState> {
  const cpu = summary.cpuMean === null ? 'n/a' : `${(summary.cpuMean * 100).toFixed(1)} %`;
  const mem = summary.memMean === null ? 'n/a' : `${(summary.memMean * 100).toFixed(1)} %`;
  const seen = `mean CPU ${cpu}, memory ${mem} (mode ${config.triggerMode})`;
  const where = direction(config, summary);
  if (where === 'up') {
    const upPeriods = state.upPeriods + 1;
    if (upPeriods > config.scaleUpFactor) {
      const desired = Math.max(current + 1, Math.ceil(current * config.multiplier));
      return {
        desired,
        reason: 'overloaded',
        reasonText: `${seen} above max for ${upPeriods} periods: × ${config.multiplier}`,
        state: { policy: 'threshold', upPeriods: 0, downPeriods: 0 },
      };
    }
    return {
      desired: current,
      reason: 'waiting-periods',
      reasonText: `${seen} above max for ${upPeriods} of more than ${config.scaleUpFactor} periods`,
      state: { policy: 'threshold', upPeriods, downPeriods: 0 },
    };
  }
  if (where === 'down') {
    const downPeriods = state.downPeriods + 1;
    if (downPeriods > config.coolDownFactor) {
      return {
        desired: Math.floor(current / config.multiplier),
        reason: 'underloaded',
        reasonText: `${seen} below min for ${downPeriods} periods: ÷ ${config.multiplier}`,
        state: { policy: 'threshold', upPeriods: 0, downPeriods: 0 },
      };
    }
    return {
      desired: current,
      reason: 'waiting-periods',
      reasonText: `${seen} below min for ${downPeriods} of more than ${config.coolDownFactor} periods`,
      state: { policy: 'threshold', upPeriods: 0, downPeriods },
    };
  }
  return {
    desired: current,
    reason: 'within-band',
    reasonText: `${seen} within thresholds`,
    state: { policy: 'threshold', upPeriods: 0, downPeriods: 0 },
  };
}

export { direction, recommendThreshold };
