export {
  type BenchResult,
  type BenchRun,
  checkGoals,
  type GoalCheck,
  runBenchmark,
  sumTotals,
  type Totals,
} from './benchmark.ts';
export { type Cluster, createCluster, readyCount, scaleCluster } from './cluster.ts';
export { enginePolicy, observationOf, parsePolicyConfig } from './engine-policy.ts';
export { SimulationConfigError, SimulationError, TraceFormatError } from './errors.ts';
export { type ManifestSettings, parseManifest, SimManifestSchema } from './manifest.ts';
export { measure, SIM_APP_ID } from './measure.ts';
export { createMetrics, type MetricsAccumulator } from './metrics.ts';
export { type AppModelInput, AppModelSchema, initialInstancesFor, parseAppModel } from './model.ts';
export { paretoFront } from './pareto.ts';
export { BENCH_BOUNDS, PEERS, type Peer, peerPolicy } from './peers.ts';
export { createPrng, type Prng } from './prng.ts';
export { renderBenchMarkdown, type TotalsRow, totalsTable } from './report-markdown.ts';
export { simulate } from './run.ts';
export { type ChartOptions, escapeXml, renderChart } from './svg-chart.ts';
export { coerceValue, type Params, type ParamValue, parseParams, sweepGrid } from './sweep.ts';
export { parseCsvTrace } from './trace-csv.ts';
export {
  generateTrace,
  isTraceFamily,
  SYNTHETIC_START_MS,
  scaleTrace,
  TRACE_FAMILIES,
  type TraceFamily,
} from './trace-families.ts';
export { demandOf, parseReplayTrace } from './trace-replay.ts';
export type {
  AppFacts,
  AppModel,
  Measurement,
  RunMetrics,
  RunResult,
  ScalingAction,
  SeriesPoint,
  SimPolicy,
  Trace,
} from './types.ts';
