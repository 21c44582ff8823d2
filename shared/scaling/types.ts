import type { PolicyConfig, PolicyName } from './spec.ts';

/** One task's utilisation as fractions of its limits (1.0 = at its limit); `null` when not measurable. */
interface TaskSample {
  cpu: number | null;
  mem: number | null;
}

/** Everything a policy may look at for one app in one period. Plain data: the simulator builds these too. */
interface Observation {
  /** Evaluation time, ms since the epoch. */
  now: number;
  /** Instances Marathon is configured to run (`app.instances`). */
  current: number;
  /** Per-task utilisation from the collector. */
  tasks: readonly TaskSample[];
  /** Tasks Marathon reports that gave no statistics (agent down, just launched). */
  tasksMissing: number;
  /** The app has a Marathon deployment running (scaling now would 409 or fight it). */
  deploymentInProgress: boolean;
  /** Last scaling of the app by anyone (Marathon `versionInfo.lastScalingAt`), ms; `null` when unknown. */
  lastScalingAt: number | null;
}

type Action = 'scale-up' | 'scale-down' | 'none';

/** A guard that cut or vetoed the policy's recommendation. */
type BlockedBy = 'cooldown' | 'deployment' | 'bounds' | 'max-change' | 'dry-run' | 'insufficient-data';

/** Stable codes for why a decision came out as it did; `reasonText` says it in words. */
type ReasonCode =
  | 'overloaded'
  | 'underloaded'
  | 'within-band'
  | 'waiting-periods'
  | 'above-target'
  | 'below-target'
  | 'within-tolerance'
  | 'stabilising'
  | 'at-bound'
  | 'out-of-bounds'
  | 'cooldown'
  | 'deployment-in-progress'
  | 'insufficient-data';

interface UtilisationSummary {
  /** Mean CPU use of the tasks with a sample, as a fraction of their limit; `null` without samples. */
  cpuMean: number | null;
  /** 90th percentile (nearest rank) of task CPU use. */
  cpuP90: number | null;
  memMean: number | null;
  /** Tasks whose CPU use is above the policy's overload line (see docs/scaling.md). */
  overloaded: number;
  /** Tasks with a CPU sample. */
  samples: number;
}

interface Decision {
  current: number;
  desired: number;
  /** What the caller must do: `none` also when a guard (including dry-run) stopped the change. */
  action: Action;
  reason: ReasonCode;
  reasonText: string;
  blockedBy?: BlockedBy;
  /** The policy's own recommendation before the guards. */
  recommended: number;
  utilisation: UtilisationSummary;
}

interface SeedState {
  policy: 'seed' | 'seed-original';
}

/** Consecutive periods above max / below min, as marathon-autoscale counts them. */
interface ThresholdState {
  policy: 'threshold';
  upPeriods: number;
  downPeriods: number;
}

/** Recent recommendations (stabilisation windows) and scaling events (rate limits), times in ms. */
interface TargetState {
  policy: 'target';
  recommendations: { at: number; desired: number }[];
  events: { at: number; change: number }[];
}

type PolicyState = SeedState | ThresholdState | TargetState;

/** What the caller stores between periods (JSON-serialisable, a few hundred bytes). */
interface EngineState {
  version: 1;
  /** When the engine last decided to scale, ms. */
  lastScalingAt: number | null;
  policyState: PolicyState;
}

interface DecideResult {
  decision: Decision;
  state: EngineState;
}

/** What a policy proposes before the engine's guards; `blockedBy` when the rule itself refused (its own bounds). */
interface Recommendation<S extends PolicyState> {
  desired: number;
  reason: ReasonCode;
  reasonText: string;
  blockedBy?: BlockedBy;
  state: S;
}

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
};
