import type { AppInput } from './validation.ts';

/** Fields Marathon computes; a client may echo them back in a PUT, and they are ignored. */
const READ_ONLY_FIELDS = [
  'version',
  'versionInfo',
  'tasksStaged',
  'tasksRunning',
  'tasksHealthy',
  'tasksUnhealthy',
  'deployments',
  'tasks',
  'lastTaskFailure',
  'taskStats',
  'readinessCheckResults',
] as const;

interface FetchEntry {
  uri: string;
  extract: boolean;
  executable: boolean;
  cache: boolean;
  outputFile?: string;
  [key: string]: unknown;
}

interface PortDefinition {
  port: number;
  protocol: string;
  name?: string;
  [key: string]: unknown;
}

/** A complete app definition as Marathon stores it (without version and runtime fields). */
interface AppDefinition {
  id: string;
  cmd: string | null;
  args: string[] | null;
  cpus: number;
  mem: number;
  disk: number;
  instances: number;
  env: Record<string, string | { secret: string }>;
  labels: Record<string, string>;
  uris: string[];
  fetch: FetchEntry[];
  portDefinitions: PortDefinition[];
  healthChecks: Record<string, unknown>[];
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  taskKillGracePeriodSeconds: number | null;
  upgradeStrategy: { minimumHealthCapacity: number; maximumOverCapacity: number };
  [key: string]: unknown;
}

/** Marathon's defaults for every field the API reports (apps.raml / AppDefinition). */
function marathonDefaults(id: string): AppDefinition {
  return {
    id,
    cmd: null,
    args: null,
    user: null,
    env: {},
    instances: 1,
    cpus: 1,
    mem: 128,
    disk: 0,
    gpus: 0,
    executor: '',
    constraints: [],
    uris: [],
    fetch: [],
    storeUrls: [],
    backoffSeconds: 1,
    backoffFactor: 1.15,
    maxLaunchDelaySeconds: 300,
    container: null,
    healthChecks: [],
    readinessChecks: [],
    dependencies: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    labels: {},
    acceptedResourceRoles: null,
    ipAddress: null,
    portDefinitions: [{ port: 0, protocol: 'tcp' }],
    requirePorts: false,
    secrets: {},
    taskKillGracePeriodSeconds: null,
    unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
    killSelection: 'YOUNGEST_FIRST',
  };
}

function withoutReadOnly(input: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...input };
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  return copy;
}

/** Mesos fetcher defaults; the legacy `uris` become fetch entries as Marathon converts them. */
function fetchEntries(app: Record<string, unknown>): FetchEntry[] {
  const fetch = app.fetch as Record<string, unknown>[] | undefined;
  const source: Record<string, unknown>[] =
    fetch && fetch.length > 0 ? fetch : ((app.uris as string[] | undefined) ?? []).map((uri) => ({ uri }));
  return source.map((entry) => ({
    ...entry,
    uri: String(entry.uri),
    extract: entry.extract !== false,
    executable: entry.executable === true,
    cache: entry.cache === true,
  }));
}

/** A new app's complete definition from a validated POST/PUT body. */
function normalizeApp(id: string, input: AppInput): AppDefinition {
  const app = { ...marathonDefaults(id), ...withoutReadOnly(input), id } as AppDefinition;
  app.cmd = app.cmd ?? null;
  app.args = app.args ?? null;
  app.fetch = fetchEntries(app);
  app.portDefinitions = app.portDefinitions.map((port) => ({ ...port, protocol: port.protocol ?? 'tcp' }));
  return app;
}

/**
 * PUT semantics (Marathon's partial update): the body's fields replace the stored ones; setting `cmd`
 * clears `args` and the reverse; new `uris` without `fetch` re-derive `fetch`.
 */
function mergeUpdate(existing: AppDefinition, body: AppInput): AppInput {
  const update = withoutReadOnly(body);
  const merged: Record<string, unknown> = { ...existing, ...update, id: existing.id };
  if ('cmd' in update && !('args' in update)) merged.args = null;
  if ('args' in update && !('cmd' in update)) merged.cmd = null;
  if ('uris' in update && !('fetch' in update)) delete merged.fetch;
  return merged as AppInput;
}

/** JSON with sorted keys, so two definitions compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** True when anything but `instances` differs: Marathon then rolls out a new version (a restart). */
function isConfigChange(before: AppDefinition, after: AppDefinition): boolean {
  const { instances: _a, ...left } = before;
  const { instances: _b, ...right } = after;
  return canonical(left) !== canonical(right);
}

/** True when the PUT body only asks for a new instance count. */
function isScaleOnly(body: Record<string, unknown>): boolean {
  const keys = Object.keys(withoutReadOnly(body)).filter((key) => key !== 'id');
  return keys.length === 1 && keys[0] === 'instances';
}

/** Marathon's MARATHON_APP_* variables plus the app's own env (secrets are not resolved here). */
function marathonTaskEnv(app: AppDefinition, version: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(app.env)) if (typeof value === 'string') env[key] = value;
  env.MARATHON_APP_ID = app.id;
  env.MARATHON_APP_VERSION = version;
  env.MARATHON_APP_RESOURCE_CPUS = String(app.cpus);
  env.MARATHON_APP_RESOURCE_MEM = String(app.mem);
  env.MARATHON_APP_RESOURCE_DISK = String(app.disk);
  const labels = Object.keys(app.labels).filter((key) => /^[A-Za-z0-9_.-]+$/.test(key));
  env.MARATHON_APP_LABELS = labels.join(' ');
  for (const key of labels) {
    env[`MARATHON_APP_LABEL_${key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = app.labels[key] ?? '';
  }
  return env;
}

export type { AppDefinition, FetchEntry, PortDefinition };
export { canonical, isConfigChange, isScaleOnly, marathonTaskEnv, mergeUpdate, normalizeApp };
