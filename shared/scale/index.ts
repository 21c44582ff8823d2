export { type BatchResult, scaleBatch } from './batch.ts';
export { DeadLetterForwarder, type PoisonMessage } from './dead-letter.ts';
export { errorCode, isRetryable } from './errors.ts';
export {
  giveUp,
  type Outcome,
  parseBody,
  processRecord,
  type ScaleDeps,
  type ScaleOptions,
  type SqsRecord,
} from './process-message.ts';
export { createScaler, type Scaler, type ScalerOverrides } from './setup.ts';
export {
  EngineStateSchema,
  type LoadResult,
  S3ScaleStateStore,
  type ScaleState,
  ScaleStateSchema,
  STATE_PREFIX,
  stateKey,
} from './state-store.ts';
