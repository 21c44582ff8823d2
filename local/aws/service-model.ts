import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCfnYaml } from './cfn-yaml.ts';

/**
 * What the local stack needs from serverless.yml and infra/queues.yml, with serverless variables resolved the way
 * `serverless package` would for the given stage, region and params. One source of truth: the local queues, bucket,
 * trigger filter, schedule and function timeouts are read from the same files AWS gets.
 */
type FunctionName = 'deploy' | 'collect' | 'scale';

interface FunctionModel {
  readonly name: FunctionName;
  /** Deployed name, `${service}-${stage}-${name}`. */
  readonly functionName: string;
  /** Absolute path of the handler module (`functions/deploy/handler.ts`). */
  readonly modulePath: string;
  readonly exportName: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
}

interface QueueModel {
  readonly logicalId: string;
  readonly name: string;
  /** SQS attributes as the API takes them (strings); RedrivePolicy names the DLQ by logical id, see `redrive`. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly redrive?: { readonly deadLetterLogicalId: string; readonly maxReceiveCount: number };
}

interface ServiceModel {
  readonly root: string;
  readonly service: string;
  readonly stage: string;
  readonly region: string;
  readonly params: Readonly<Record<string, string>>;
  readonly bucketName: string;
  readonly trigger: { readonly prefix: string; readonly suffix: string };
  readonly collectSchedule: string;
  readonly scaleBatchSize: number;
  readonly functions: Readonly<Record<FunctionName, FunctionModel>>;
  readonly statsQueue: QueueModel;
  readonly deadLetterQueue: QueueModel;
  /** provider.environment, variables resolved; CloudFormation values (`!Ref StatsQueue`) kept as objects. */
  readonly environment: Readonly<Record<string, unknown>>;
}

interface ServiceModelOptions {
  root?: string;
  stage?: string;
  region?: string;
  /** Overrides of params.default, like `--param name=value`. */
  params?: Record<string, string | number>;
}

const ROOT = join(import.meta.dirname, '..', '..');
const VARIABLE = /\$\{(self:service|sls:stage|self:provider\.region|param:([A-Za-z0-9]+))\}/g;

type Yaml = Record<string, unknown>;

function asRecord(value: unknown, where: string): Yaml {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`serverless config: expected a mapping at ${where}`);
  }
  return value as Yaml;
}

function readYaml(path: string): Yaml {
  return asRecord(loadCfnYaml(readFileSync(path, 'utf8')), path);
}

function resolver(service: string, stage: string, region: string, rawParams: Yaml) {
  const params: Record<string, string> = {};
  const resolveString = (text: string, seen: readonly string[] = []): string =>
    text.replace(VARIABLE, (whole, source: string, param: string | undefined) => {
      if (source === 'self:service') return service;
      if (source === 'sls:stage') return stage;
      if (source === 'self:provider.region') return region;
      if (param === undefined) return whole;
      if (seen.includes(param)) throw new Error(`serverless config: param ${param} refers to itself`);
      if (!(param in rawParams)) throw new Error(`serverless config: unknown param ${param}`);
      params[param] ??= resolveString(String(rawParams[param]), [...seen, param]);
      return params[param];
    });
  const resolveDeep = (value: unknown): unknown => {
    if (typeof value === 'string') return resolveString(value);
    if (Array.isArray(value)) return value.map(resolveDeep);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveDeep(item)]));
    }
    return value;
  };
  for (const name of Object.keys(rawParams)) resolveString(`\${param:${name}}`);
  return { resolveDeep, params };
}

function queueModel(logicalId: string, resource: unknown): QueueModel {
  const properties = asRecord(asRecord(resource, logicalId).Properties, `${logicalId}.Properties`);
  const attributes: Record<string, string> = {};
  let redrive: QueueModel['redrive'];
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'QueueName') continue;
    if (key === 'RedrivePolicy') {
      const policy = asRecord(value, `${logicalId}.RedrivePolicy`);
      const target = asRecord(policy.deadLetterTargetArn, `${logicalId}.RedrivePolicy.deadLetterTargetArn`);
      const getAtt = target['Fn::GetAtt'] as [string, string];
      redrive = { deadLetterLogicalId: getAtt[0], maxReceiveCount: Number(policy.maxReceiveCount) };
      continue;
    }
    attributes[key] = String(value);
  }
  return { logicalId, name: String(properties.QueueName), attributes, ...(redrive ? { redrive } : {}) };
}

function functionModel(name: FunctionName, raw: Yaml, provider: Yaml, service: string, stage: string, root: string) {
  const handler = String(raw.handler);
  const dot = handler.lastIndexOf('.');
  const model: FunctionModel = {
    name,
    functionName: `${service}-${stage}-${name}`,
    modulePath: join(root, `${handler.slice(0, dot)}.ts`),
    exportName: handler.slice(dot + 1),
    // Lambda's and serverless's defaults when neither the function nor the provider sets them.
    timeoutMs: Number(raw.timeout ?? provider.timeout ?? 6) * 1000,
    memoryMb: Number(raw.memorySize ?? provider.memorySize ?? 1024),
  };
  return model;
}

/** Reads serverless.yml (+ infra/queues.yml) as the local stack's single source of truth. */
function readServiceModel(options: ServiceModelOptions = {}): ServiceModel {
  const root = options.root ?? ROOT;
  const stage = options.stage ?? 'local';
  const region = options.region ?? 'us-east-1';
  const config = readYaml(join(root, 'serverless.yml'));
  const service = String(config.service);
  const rawParams = { ...asRecord(asRecord(config.params, 'params').default, 'params.default'), ...options.params };
  const { resolveDeep, params } = resolver(service, stage, region, rawParams);

  const provider = asRecord(resolveDeep(config.provider), 'provider');
  const functions = asRecord(resolveDeep(config.functions), 'functions');
  const queues = asRecord(resolveDeep(readYaml(join(root, 'infra', 'queues.yml')).Resources), 'queues.yml Resources');

  const deploy = asRecord(functions.deploy, 'functions.deploy');
  const s3Event = asRecord(asRecord((deploy.events as unknown[])[0], 'deploy event').s3, 'deploy s3 event');
  const rules = Object.assign({}, ...(s3Event.rules as Yaml[])) as { prefix: string; suffix: string };
  const collect = asRecord(functions.collect, 'functions.collect');
  const schedule = asRecord(asRecord((collect.events as unknown[])[0], 'collect event').schedule, 'schedule');
  const scale = asRecord(functions.scale, 'functions.scale');
  const sqsEvent = asRecord(asRecord((scale.events as unknown[])[0], 'scale event').sqs, 'scale sqs event');
  const bucket = asRecord(asRecord(provider.s3, 'provider.s3').bundles, 'provider.s3.bundles');

  return {
    root,
    service,
    stage,
    region,
    params,
    bucketName: String(bucket.name),
    trigger: rules,
    collectSchedule: String(schedule.rate),
    scaleBatchSize: Number(sqsEvent.batchSize),
    functions: {
      deploy: functionModel('deploy', deploy, provider, service, stage, root),
      collect: functionModel('collect', collect, provider, service, stage, root),
      scale: functionModel('scale', scale, provider, service, stage, root),
    },
    statsQueue: queueModel('StatsQueue', queues.StatsQueue),
    deadLetterQueue: queueModel('StatsDeadLetterQueue', queues.StatsDeadLetterQueue),
    environment: asRecord(provider.environment, 'provider.environment'),
  };
}

/** `rate(1 minute)` / `rate(5 minutes)` / `rate(30 seconds)`-like expressions in milliseconds (cron is not supported). */
function scheduleIntervalMs(expression: string): number {
  const match = /^rate\((\d+)\s+(second|minute|hour|day)s?\)$/.exec(expression.trim());
  if (!match) throw new Error(`local schedule: only rate(...) expressions are supported, got ${expression}`);
  const unitMs = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[match[2] as 'second'];
  return Number(match[1]) * unitMs;
}

export type { FunctionModel, FunctionName, QueueModel, ServiceModel, ServiceModelOptions };
export { readServiceModel, scheduleIntervalMs };
