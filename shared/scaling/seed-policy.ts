import type { SeedConfig } from './spec.ts';
import type { Recommendation, SeedState, UtilisationSummary } from './types.ts';

/**
 * The article's rule: +step when at least upFraction of the instances are overloaded, −step when at most
 * downFraction are. `seed` checks the result against the bounds as intended (scale down only while the
 * result stays ≥ minInstances); `seed-original` keeps the article's `<= MIN` test, so it never scales down
 * in normal operation and, at the bottom, scales below the minimum. Bounds are all-or-nothing here (no partial
 * step), as in the article.
 */
function recommendSeed(
  config: SeedConfig,
  state: SeedState,
  current: number,
  summary: UtilisationSummary,
): Recommendation<SeedState> {
  const { overloaded } = summary;
  const counts = `${overloaded} of ${current} instances above ${config.overloadedCpu} % CPU`;
  if (overloaded >= config.upFraction * current) {
    const next = current + config.step;
    if (next <= config.maxInstances) {
      return { desired: next, reason: 'overloaded', reasonText: `${counts}: add ${config.step}`, state };
    }
    return {
      desired: current,
      reason: 'at-bound',
      reasonText: `${counts}, but ${next} would exceed maxInstances ${config.maxInstances}`,
      blockedBy: 'bounds',
      state,
    };
  }
  if (overloaded <= config.downFraction * current) {
    const next = current - config.step;
    if (config.policy === 'seed-original') {
      if (next <= config.minInstances) {
        return {
          desired: Math.max(0, next),
          reason: 'underloaded',
          reasonText: `${counts}: remove ${config.step} (the article's "<= MIN" test lets this go below minInstances ${config.minInstances})`,
          state,
        };
      }
      return {
        desired: current,
        reason: 'underloaded',
        reasonText: `${counts}, but the article's rule as written scales down only when the result is <= minInstances ${config.minInstances}`,
        state,
      };
    }
    if (next >= config.minInstances) {
      return { desired: next, reason: 'underloaded', reasonText: `${counts}: remove ${config.step}`, state };
    }
    return {
      desired: current,
      reason: 'at-bound',
      reasonText: `${counts}, but ${next} would go below minInstances ${config.minInstances}`,
      blockedBy: 'bounds',
      state,
    };
  }
  return { desired: current, reason: 'within-band', reasonText: `${counts}: between the two lines`, state };
}

export { recommendSeed };
