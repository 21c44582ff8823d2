export {
  type AgentSample,
  type AssembleInput,
  type AssembleResult,
  agentsNeedingSecondSample,
  assembleCycle,
  indexExecutors,
} from './assemble.ts';
export { type AgentAddressPolicy, parseCidrList } from './cidr.ts';
export { COUNTERS_KEY, type CounterStore, S3CounterStore, type S3CounterStoreOptions } from './counter-store.ts';
export { type CounterState, CounterStateSchema, emptyCounterState } from './counters.ts';
export { type CollectDeps, type CollectOptions, type CollectSummary, runCollectCycle } from './cycle.ts';
export { CidrConfigError, CollectError, CollectEventError, CounterStoreError } from './errors.ts';
export { type CollectEvent, CollectEventSchema, parseCollectEvent } from './event.ts';
export {
  encodeUsageMessage,
  fifoId,
  planBatches,
  SQS_MAX_BATCH_BYTES,
  SQS_MAX_BATCH_ENTRIES,
  SQS_MAX_FIFO_ID_LENGTH,
  SQS_MAX_MESSAGE_BYTES,
  summarise,
} from './message-size.ts';
export { type AgentProblem, type PollPlan, planPolls, type WatchedApp, watchedApps } from './plan.ts';
export { type PollOptions, pollAgents } from './poller.ts';
export { mapPool } from './pool.ts';
export { type SendFailure, type SendReport, toEntries, UsageSender, type UsageSenderOptions } from './sender.ts';
export { type Collector, type CollectorOverrides, createCollector } from './setup.ts';
export {
  baselineOf,
  baselineProblem,
  type CounterBaseline,
  cpuBetween,
  type ExecutorSample,
  memOf,
  round4,
  type TaskFigures,
  taskFigures,
  toSample,
} from './utilisation.ts';
