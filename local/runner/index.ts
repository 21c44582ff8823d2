export { localFunctionEnv } from './env.ts';
export type { S3rverRecord } from './events.ts';
export { encodeS3EventKey, s3Event, scheduledEvent, sqsEvent } from './events.ts';
export type { InvocationRecord } from './function-host.ts';
export type { FunctionOverride, LocalRunner, LocalRunnerEvents, LocalRunnerOptions } from './runner.ts';
export { startLocalRunner } from './runner.ts';
