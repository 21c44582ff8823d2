export { type CallOptions, MarathonClient, type MarathonClientOptions, normalizeAppId } from './client.ts';
export { fromStatusError, MarathonDeploymentLockedError, MarathonError, MarathonInvalidAppError } from './errors.ts';
export {
  APP_ID_PATTERN,
  type Deployment,
  DeploymentListSchema,
  type DeploymentResult,
  DeploymentResultSchema,
  DeploymentSchema,
  FetchUriSchema,
  HealthCheckSchema,
  type MarathonApp,
  MarathonAppListSchema,
  MarathonAppResponseSchema,
  MarathonAppSchema,
  type MarathonAppUpdate,
  MarathonAppUpdateSchema,
  type MarathonErrorBody,
  MarathonErrorBodySchema,
  type MarathonTask,
  MarathonTaskListSchema,
  MarathonTaskSchema,
  PortDefinitionSchema,
} from './schemas.ts';
