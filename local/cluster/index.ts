export {
  type AgentResources,
  type AgentTask,
  EXECUTOR_CPUS,
  EXECUTOR_MEM_MB,
  LocalAgent,
  type LocalAgentOptions,
  type TaskLaunchSpec,
  type TaskState,
  type TaskStatus,
} from './agent.ts';
export { type ClusterAgentInfo, type ClusterOptions, type LocalCluster, startCluster } from './cluster.ts';
export { AppExistsError, AppInvalidError, AppLockedError, AppNotFoundError, ClusterApiError } from './errors.ts';
export { FetchError, type FetchItem, fetchInto } from './fetcher.ts';
export { FRAMEWORK_ID, MASTER_ID, taskIdFor } from './ids.ts';
export { MarathonService } from './marathon-service.ts';
export { chooseAgent, type PlacementCandidate } from './placement.ts';
export {
  type ProcStat,
  parseProcStat,
  processTree,
  readAllProcStats,
  type TreeUsage,
  treeUsage,
} from './proc-stats.ts';
export { isTreeAlive, killAllNow, trackedGroups } from './process-registry.ts';
export { QueueingRateLimiter, type RateLimiterOptions } from './rate-limiter.ts';
export { isValidAppId, parseAppInput, type ValidationDetail, validateApp } from './validation.ts';
