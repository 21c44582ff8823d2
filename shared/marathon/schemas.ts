import { z } from 'zod';

/**
 * Marathon REST API v2 shapes, limited to the fields the product reads; unknown fields pass through.
 * @see https://mesosphere.github.io/marathon/api-console/index.html (spec: ../shared/reference/marathon-api/)
 */

/** Marathon's app id rule: slash-separated segments of lowercase letters, digits, dots and dashes. */
const APP_ID_PATTERN = /^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$/;

/** @example {"uri": "https://bucket.s3.amazonaws.com/bundles/rest_app/ab12.tar.gz", "extract": true} */
const FetchUriSchema = z.looseObject({
  uri: z.string(),
  extract: z.boolean().optional(),
  executable: z.boolean().optional(),
  cache: z.boolean().optional(),
  outputFile: z.string().optional(),
});

/** @example {"protocol": "HTTP", "path": "/", "portIndex": 0, "gracePeriodSeconds": 300} */
const HealthCheckSchema = z.looseObject({
  protocol: z.string().optional(),
  path: z.string().optional(),
  portIndex: z.number().int().optional(),
  gracePeriodSeconds: z.number().optional(),
  intervalSeconds: z.number().optional(),
  timeoutSeconds: z.number().optional(),
  maxConsecutiveFailures: z.number().int().optional(),
});

/** @example {"port": 0, "protocol": "tcp", "name": "http"} */
const PortDefinitionSchema = z.looseObject({
  port: z.number().int(),
  protocol: z.string().optional(),
  name: z.string().optional(),
});

/** @example {"alive": true, "taskId": "rest_app.1d2e", "consecutiveFailures": 0} */
const HealthCheckResultSchema = z.looseObject({
  alive: z.boolean(),
  taskId: z.string().optional(),
  consecutiveFailures: z.number().int().optional(),
});

/**
 * @example {"id": "rest_app.instance-564b", "appId": "/rest_app", "host": "10.0.0.5", "ports": [31756],
 *   "slaveId": "agent0", "state": "TASK_RUNNING", "startedAt": "2015-08-26T20:23:44.678Z"}
 */
const MarathonTaskSchema = z.looseObject({
  id: z.string(),
  appId: z.string(),
  host: z.string(),
  ports: z.array(z.number().int()).optional(),
  slaveId: z.string().optional(),
  state: z.string().optional(),
  stagedAt: z.string().nullish(),
  startedAt: z.string().nullish(),
  version: z.string().optional(),
  healthCheckResults: z.array(HealthCheckResultSchema).optional(),
});

const EnvValueSchema = z.union([z.string(), z.looseObject({ secret: z.string() })]);

/**
 * An app as GET /v2/apps/{id} reports it (the fields we read).
 * @example {"id": "/rest_app", "cmd": "./app.pex api:app -b 0.0.0.0:$PORT0", "cpus": 0.5, "mem": 128,
 *   "instances": 2, "labels": {"autopilot.enabled": "true"}, "tasksRunning": 2}
 */
const MarathonAppSchema = z.looseObject({
  id: z.string(),
  cmd: z.string().nullish(),
  args: z.array(z.string()).nullish(),
  cpus: z.number(),
  mem: z.number(),
  disk: z.number().optional(),
  instances: z.number().int(),
  env: z.record(z.string(), EnvValueSchema).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  fetch: z.array(FetchUriSchema).optional(),
  uris: z.array(z.string()).optional(),
  portDefinitions: z.array(PortDefinitionSchema).optional(),
  healthChecks: z.array(HealthCheckSchema).optional(),
  version: z.string().optional(),
  versionInfo: z
    .looseObject({
      lastScalingAt: z.string().optional(),
      lastConfigChangeAt: z.string().optional(),
    })
    .optional(),
  tasksRunning: z.number().int().optional(),
  tasksStaged: z.number().int().optional(),
  tasksHealthy: z.number().int().optional(),
  tasksUnhealthy: z.number().int().optional(),
  deployments: z.array(z.looseObject({ id: z.string() })).optional(),
  tasks: z.array(MarathonTaskSchema).optional(),
});

/** What we send to PUT /v2/apps/{id}: a full definition, or `{"instances": N}` to scale. */
const MarathonAppUpdateSchema = z.looseObject({
  id: z.string().optional(),
  cmd: z.string().optional(),
  args: z.array(z.string()).optional(),
  cpus: z.number().optional(),
  mem: z.number().optional(),
  disk: z.number().optional(),
  instances: z.number().int().min(0).optional(),
  env: z.record(z.string(), z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  fetch: z.array(FetchUriSchema).optional(),
  portDefinitions: z.array(PortDefinitionSchema).optional(),
  healthChecks: z.array(HealthCheckSchema).optional(),
});

/** @example {"apps": [{"id": "/rest_app", "cpus": 0.5, "mem": 128, "instances": 1}]} */
const MarathonAppListSchema = z.looseObject({ apps: z.array(MarathonAppSchema) });
/** @example {"app": {"id": "/rest_app", "cpus": 0.5, "mem": 128, "instances": 1}} */
const MarathonAppResponseSchema = z.looseObject({ app: MarathonAppSchema });
/** @example {"tasks": [{"id": "rest_app.1", "appId": "/rest_app", "host": "10.0.0.5"}]} */
const MarathonTaskListSchema = z.looseObject({ tasks: z.array(MarathonTaskSchema) });

/** @example {"deploymentId": "5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", "version": "2015-09-29T15:59:51.164Z"} */
const DeploymentResultSchema = z.looseObject({ deploymentId: z.string(), version: z.string() });

/** @example {"id": "97c1", "version": "2015-09-30T09:09:17.614Z", "affectedApps": ["/foo"], "currentStep": 1, "totalSteps": 1} */
const DeploymentSchema = z.looseObject({
  id: z.string(),
  version: z.string(),
  affectedApps: z.array(z.string()),
  currentStep: z.number().int().optional(),
  totalSteps: z.number().int().optional(),
  currentActions: z.array(z.looseObject({ action: z.string(), app: z.string().optional() })).optional(),
  steps: z.array(z.looseObject({ actions: z.array(z.looseObject({ action: z.string() })) })).optional(),
});
const DeploymentListSchema = z.array(DeploymentSchema);

/** Marathon's error body: `{"message": "...", "details": [{"path": "/id", "errors": ["..."]}]}`. */
const MarathonErrorBodySchema = z.looseObject({
  message: z.string(),
  details: z.array(z.looseObject({ path: z.string().optional(), errors: z.array(z.string()) })).optional(),
  deployments: z.array(z.looseObject({ id: z.string() })).optional(),
});

type MarathonApp = z.infer<typeof MarathonAppSchema>;
type MarathonAppUpdate = z.infer<typeof MarathonAppUpdateSchema>;
type MarathonTask = z.infer<typeof MarathonTaskSchema>;
type Deployment = z.infer<typeof DeploymentSchema>;
type DeploymentResult = z.infer<typeof DeploymentResultSchema>;
type MarathonErrorBody = z.infer<typeof MarathonErrorBodySchema>;

export type { Deployment, DeploymentResult, MarathonApp, MarathonAppUpdate, MarathonErrorBody, MarathonTask };
export {
  APP_ID_PATTERN,
  DeploymentListSchema,
  DeploymentResultSchema,
  DeploymentSchema,
  FetchUriSchema,
  HealthCheckSchema,
  MarathonAppListSchema,
  MarathonAppResponseSchema,
  MarathonAppSchema,
  MarathonAppUpdateSchema,
  MarathonErrorBodySchema,
  MarathonTaskListSchema,
  MarathonTaskSchema,
  PortDefinitionSchema,
};
