export { decide, initialState, overloadLine } from './engine.ts';
export {
  ENABLED_LABEL,
  LABEL_PREFIX,
  type LabelDefaults,
  type LabelProblem,
  type LabelResult,
  POLICY_LABEL,
  policyConfigFromLabels,
  RESERVED_LABELS,
  specToLabels,
} from './labels.ts';
export { type AppFacts, observationFrom } from './observation.ts';
export { recommendSeed } from './seed-policy.ts';
export {
  type AutoscalingSpec,
  AutoscalingSpecSchema,
  POLICY_NAMES,
  type SeedConfig,
  SeedOriginalSpecSchema,
  SeedSpecSchema,
  type TargetConfig,
  TargetSpecSchema,
  type ThresholdConfig,
  ThresholdSpecSchema,
} from './spec.ts';
export { mean, percentile, summarise } from './summary.ts';
export { recommendTarget, recordTargetScaling, replicasFor } from './target-policy.ts';
export { direction, recommendThreshold } from './threshold-policy.ts';
export type {
  Action,
  BlockedBy,
  DecideResult,
  Decision,
  EngineState,
  Observation,
  PolicyConfig,
  PolicyName,
  PolicyState,
  ReasonCode,
  Recommendation,
  SeedState,
  TargetState,
  TaskSample,
  ThresholdState,
  UtilisationSummary,
} from './types.ts';
