import { createCluster, readyCount, scaleCluster } from './cluster.ts';
import { SimulationConfigError } from './errors.ts';
import { measure } from './measure.ts';
import { createMetrics } from './metrics.ts';
import { createPrng } from './prng.ts';
import type { AppModel, RunResult, ScalingAction, SeriesPoint, SimPolicy, Trace } from './types.ts';

/**
 * Runs one policy on one trace. Time advances in 1-second steps (exact for whole-second delays and periods);
 * the policy is evaluated every `periodS`, starting one period in (the collector needs a period of data);
 * the series keeps one point per period for charts.
 */
function simulate(trace: Trace, policy: SimPolicy, model: AppModel): RunResult {
  if (trace.demand.length === 0) throw new SimulationConfigError(`trace "${trace.name}" has no samples`);
  const durationS = Math.round(trace.demand.length * trace.stepS);
  const prng = createPrng(model.seed);
  const metrics = createMetrics(model.overloadLimit);
  const series: SeriesPoint[] = [];
  const actions: ScalingAction[] = [];
  let cluster = createCluster(model.initialInstances);
  let state = policy.initialState();
  let lastScalingAt: number | undefined;
  let ready = readyCount(cluster, 0);
  let nextReadyAt = nextReadyAfter(cluster.readyAt, 0);

  for (let t = 0; t < durationS; t += 1) {
    const demand = trace.demand[Math.min(trace.demand.length - 1, Math.floor(t / trace.stepS))] ?? 0;
    if (t >= nextReadyAt) {
      ready = readyCount(cluster, t);
      nextReadyAt = nextReadyAfter(cluster.readyAt, t);
    }
    if (t > 0 && t % model.periodS === 0) {
      const nowMs = trace.startMs + t * 1000;
      const instances = cluster.readyAt.length;
      const message = measure({ nowMs, demand, instances, ready }, model, prng);
      const app = { instances, deploymentInProgress: ready < instances, lastScalingAt };
      const decision = policy.decide(state, { nowMs, message, app });
      state = decision.state;
      if (decision.desired !== instances) {
        cluster = scaleCluster(cluster, decision.desired, t, model.startupDelayS);
        lastScalingAt = nowMs;
        actions.push({ t, from: instances, to: decision.desired });
        metrics.countAction();
        ready = readyCount(cluster, t);
        nextReadyAt = nextReadyAfter(cluster.readyAt, t);
      }
    }
    const readyCapacity = ready * model.cpusPerInstance;
    const instances = cluster.readyAt.length;
    metrics.add({ stepS: 1, demand, readyCapacity, instances });
    if (t % model.periodS === 0) series.push({ t, demand, readyCapacity, instances, ready });
  }
  return { trace: trace.name, policy: policy.label, metrics: metrics.result(), series, actions };
}

function nextReadyAfter(readyAt: readonly number[], t: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const at of readyAt) if (at > t && at < next) next = at;
  return next;
}

export { simulate };
