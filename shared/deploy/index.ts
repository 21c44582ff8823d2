export { type AppSource, DIGEST_LABEL, SOURCE_KEY_LABEL, toAppDefinition } from './app-definition.ts';
export { type ApplyOptions, applyApp, readApp } from './apply.ts';
export type { DeployContext } from './context.ts';
export { type DeployHooks, type DeployOutcome, deployUpload, type UploadEvent } from './deploy.ts';
export { DeployError, DeployEventError, DeployStoreError, UnknownDigestError, UploadChangedError } from './errors.ts';
export { createDeployContextFactory, deployContextFromConfig } from './from-config.ts';
export { listHistory, rollback } from './history.ts';
export {
  appIdPath,
  artifactUrl,
  bundleKey,
  currentKey,
  deployRecordKey,
  deploysPrefix,
  rejectionKey,
} from './keys.ts';
export { compareSequencers, isOlder } from './ordering.ts';
export {
  type CurrentPointer,
  CurrentPointerSchema,
  type DeployRecord,
  DeployRecordSchema,
  type RejectionRecord,
  RejectionRecordSchema,
} from './records.ts';
export { DeployBatchError, handleS3Event } from './run.ts';
export {
  decodeKey,
  type ParsedRecord,
  parseS3Event,
  S3NotificationSchema,
  S3UploadRecordSchema,
} from './s3-event.ts';
