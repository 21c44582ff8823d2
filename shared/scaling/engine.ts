import { recommendSeed } from './seed-policy.ts';
import type { PolicyConfig } from './spec.ts';
import { summarise } from './summary.ts';
import { recommendTarget, recordTargetScaling } from './target-policy.ts';
import { recommendThreshold } from './threshold-policy.ts';
import type {
  Action,
  BlockedBy,
  DecideResult,
  Decision,
  EngineState,
  Observation,
  PolicyState,
  ReasonCode,
  Recommendation,
  UtilisationSummary,
} from './types.ts';

function initialPolicyState(config: PolicyConfig): PolicyState {
  switch (config.policy) {
    case 'threshold':
      return { policy: 'threshold', upPeriods: 0, downPeriods: 0 };
    case 'target':
      return { policy: 'target', recommendations: [], events: [] };
    default:
      return { policy: config.policy };
  }
}

/** A fresh state for an app (or after its policy changed). */
function initialState(config: PolicyConfig): EngineState {
  return { version: 1, lastScalingAt: null, policyState: initialPolicyState(config) };
}

/** The CPU fraction above which a task counts as "overloaded" in the decision's summary. */
function overloadLine(config: PolicyConfig): number {
  switch (config.policy) {
    case 'threshold':
      return config.maxCpu / 100;
    case 'target':
      return config.targetCpu / 100;
    default:
      return config.overloadedCpu / 100;
  }
}

function hasData(config: PolicyConfig, summary: UtilisationSummary): boolean {
  if (config.policy !== 'threshold' || config.triggerMode === 'cpu') return summary.samples > 0;
  if (config.triggerMode === 'mem') return summary.memMean !== null;
  return summary.samples > 0 && summary.memMean !== null;
}

function recommend(config: PolicyConfig, state: PolicyState, observation: Observation, summary: UtilisationSummary) {
  const { current } = observation;
  // The state matches the policy: decide() resets it whenever config.policy changes.
  switch (config.policy) {
    case 'threshold':
      return recommendThreshold(config, state as Extract<PolicyState, { policy: 'threshold' }>, current, summary);
    case 'target':
      return recommendTarget(config, state as Extract<PolicyState, { policy: 'target' }>, observation);
    default:
      return recommendSeed(config, state as Extract<PolicyState, { policy: 'seed' }>, current, summary);
  }
}

function actionFor(current: number, desired: number): Action {
  return desired > current ? 'scale-up' : desired < current ? 'scale-down' : 'none';
}

/**
 * One decision for one app and period: the policy's recommendation, then the guards every policy shares,
 * in this order: deployment in progress, cooldown, insufficient data, bounds, max change, dry-run.
 * Pure and deterministic: the same (config, state, observation) always gives the same result.
 */
function decide(config: PolicyConfig, state: EngineState | undefined, observation: Observation): DecideResult {
  const { now, current } = observation;
  const previous = state?.policyState.policy === config.policy ? state : initialState(config);
  const utilisation = summarise(observation.tasks, overloadLine(config));
  // The buggy article rule is kept as written, so only the upper bound and 0 constrain it.
  const lower = config.policy === 'seed-original' ? 0 : config.minInstances;
  const upper = config.maxInstances;

  const hold = (reason: ReasonCode, reasonText: string, blockedBy: BlockedBy): DecideResult => ({
    decision: {
      current,
      desired: current,
      action: 'none',
      reason,
      reasonText,
      blockedBy,
      recommended: current,
      utilisation,
    },
    state: previous,
  });

  if (observation.deploymentInProgress) {
    return hold('deployment-in-progress', 'a Marathon deployment of the app is in progress', 'deployment');
  }
  const lastScalingAt = Math.max(observation.lastScalingAt ?? -Infinity, previous.lastScalingAt ?? -Infinity);
  const sinceMs = now - lastScalingAt;
  if (config.cooldownS > 0 && sinceMs < config.cooldownS * 1000) {
    const text = `last scaling ${Math.max(0, Math.round(sinceMs / 1000))} s ago, cooldown ${config.cooldownS} s`;
    return hold('cooldown', text, 'cooldown');
  }

  let rec: Omit<Recommendation<PolicyState>, 'state'>;
  let policyState = previous.policyState;
  if (hasData(config, utilisation)) {
    const full = recommend(config, previous.policyState, observation, utilisation);
    policyState = full.state;
    rec = full;
  } else if (current >= lower && current <= upper) {
    return hold(
      'insufficient-data',
      'no task of the app has a usable utilisation sample this period',
      'insufficient-data',
    );
  } else {
    rec = { desired: current, reason: 'out-of-bounds', reasonText: 'no usable samples' };
  }

  let desired = Math.min(Math.max(rec.desired, lower), upper);
  let { reason, reasonText, blockedBy } = rec;
  if (desired !== rec.desired) {
    blockedBy = 'bounds';
    reasonText += `; kept within [${lower}, ${upper}]`;
    if (rec.desired === current) reason = 'out-of-bounds';
  }
  if (config.maxChange !== undefined && Math.abs(desired - current) > config.maxChange) {
    desired = current + Math.sign(desired - current) * config.maxChange;
    blockedBy = 'max-change';
    reasonText += `; limited to a change of ${config.maxChange}`;
  }
  let action = actionFor(current, desired);
  if (action !== 'none' && config.dryRun) {
    action = 'none';
    blockedBy = 'dry-run';
    reasonText += '; dry run, not applied';
  }

  const decision: Decision = { current, desired, action, reason, reasonText, recommended: rec.desired, utilisation };
  if (blockedBy !== undefined) decision.blockedBy = blockedBy;
  if (action === 'none') return { decision, state: { ...previous, policyState } };
  const scaled =
    policyState.policy === 'target' ? recordTargetScaling(policyState, now, desired - current) : policyState;
  return { decision, state: { version: 1, lastScalingAt: now, policyState: scaled } };
}

export { decide, initialState, overloadLine };
