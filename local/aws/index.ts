export { CFN_SCHEMA, loadCfnYaml } from './cfn-yaml.ts';
export type { LocalEndpoints } from './clients.ts';
export { localBucketOptions, localS3Client, localSqsClient } from './clients.ts';
export type { FunctionModel, FunctionName, QueueModel, ServiceModel, ServiceModelOptions } from './service-model.ts';
export { readServiceModel, scheduleIntervalMs } from './service-model.ts';
export type { LocalAws, LocalAwsOptions, LocalQueue } from './stack.ts';
export { startLocalAws } from './stack.ts';
