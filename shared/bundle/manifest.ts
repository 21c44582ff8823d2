import { z } from 'zod';
import { AutoscalingBlockSchema } from './autoscaling.ts';

/** The manifest's file name, at the bundle root. */
const MANIFEST_FILE = 'marathon.json';

const SEGMENT = '([a-z0-9]|[a-z0-9][a-z0-9.-]*[a-z0-9])';
/** Marathon app ids: slash-separated segments of lowercase letters, digits, hyphens and dots; `.`/`..` are not segments. */
const APP_ID_REGEX = new RegExp(`^/?${SEGMENT}(/${SEGMENT})*$`);

/** The id Marathon would accept that is closest to what the user wrote (`rest_app` → `rest-app`). */
function suggestAppId(input: string): string {
  const segments = input
    .toLowerCase()
    .split('/')
    .map((segment) =>
      segment
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^[.-]+|[.-]+$/g, '')
        .replace(/-{2,}/g, '-'),
    )
    .filter((segment) => segment.length > 0 && segment !== '.' && segment !== '..');
  return segments.join('/') || 'my-app';
}

const AppIdSchema = z
  .string({ error: 'id is required: the Marathon app id, e.g. "rest-app"' })
  .regex(APP_ID_REGEX, {
    error: (issue) =>
      `id "${String(issue.input)}" is not a valid Marathon app id: each segment may hold only lowercase letters, ` +
      `digits, hyphens and dots, starting and ending with a letter or digit; use "${suggestAppId(String(issue.input))}"`,
  })
  .max(200, 'id must be at most 200 characters')
  .meta({ description: 'Marathon app id; `/` separates groups.', examples: ['rest-app', 'shop/rest-app'] });

const HealthCheckSchema = z
  .strictObject({
    protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP']).default('HTTP'),
    path: z.string().regex(/^\//, 'healthChecks path must start with "/"').optional(),
    portIndex: z.int().min(0).optional(),
    command: z.strictObject({ value: z.string().min(1) }).optional(),
    gracePeriodSeconds: z.int().min(0).max(3600).optional(),
    intervalSeconds: z.int().min(1).max(3600).optional(),
    timeoutSeconds: z.int().min(1).max(3600).optional(),
    maxConsecutiveFailures: z.int().min(0).optional(),
  })
  .meta({
    description: 'A Marathon health check; Marathon replaces tasks that fail it.',
    examples: [{ protocol: 'HTTP', path: '/', portIndex: 0, gracePeriodSeconds: 60 }],
  });

const PortDefinitionSchema = z
  .strictObject({
    port: z.int().min(0, 'port must be 0 (any free host port) or 1-65535').max(65_535, 'port must be at most 65535'),
    protocol: z.enum(['tcp', 'udp', 'udp,tcp']).default('tcp'),
    name: z.string().optional(),
  })
  .meta({ description: 'A host port for the task; port 0 lets Marathon pick one ($PORT0, $PORT1, ...).' });

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER_LABEL = /^(?!autopilot\.).+$/;

/**
 * `marathon.json` at the bundle root: the Marathon fields a user sets, plus the autoscaling policy.
 * The deploy function adds `fetch` (the stored bundle) and the `autopilot.*` labels itself.
 * @example {"id": "rest-app", "cmd": "./app.pyz api:app -b $HOST:$PORT0", "cpus": 0.5, "mem": 128, "instances": 1,
 *   "autoscaling": {"policy": "target", "minInstances": 1, "maxInstances": 10}}
 * @see https://mesosphere.github.io/marathon/docs/rest-api.html (PUT /v2/apps/{appId})
 */
const ManifestSchema = z
  .strictObject({
    id: AppIdSchema,
    cmd: z
      .string({
        error: 'cmd is required: the command run inside the extracted bundle, e.g. "./app.pyz api:app -b $HOST:$PORT0"',
      })
      .min(1, 'cmd must not be empty')
      .max(4096, 'cmd must be at most 4096 characters')
      .meta({
        description: 'Shell command Marathon runs in the extracted bundle.',
        examples: ['./app.pyz api:app -b $HOST:$PORT0'],
      }),
    cpus: z
      .number({ error: 'cpus must be a number of CPU shares, e.g. 0.5' })
      .min(0.01, 'cpus must be at least 0.01')
      .max(64, 'cpus must be at most 64')
      .default(0.5)
      .meta({ description: 'CPU shares per instance.' }),
    mem: z
      .number({ error: 'mem must be a number of MiB, e.g. 128' })
      .min(32, 'mem must be at least 32 (MiB)')
      .max(262_144, 'mem must be at most 262144 (MiB)')
      .default(128)
      .meta({ description: 'Memory per instance, in MiB.' }),
    disk: z.number().min(0, 'disk must not be negative').optional().meta({ description: 'Disk per instance, in MiB.' }),
    instances: z
      .int({ error: 'instances must be a whole number, e.g. 1' })
      .min(0, 'instances must not be negative')
      .max(1000, 'instances must be at most 1000')
      .default(1)
      .meta({ description: 'Instances to start with; the scale function changes it later when autoscaling is set.' }),
    env: z
      .record(
        z.string().regex(ENV_NAME, 'env names must be letters, digits and underscores, not starting with a digit'),
        z.string({ error: 'env values must be strings: quote numbers and booleans, e.g. "WORKERS": "4"' }),
      )
      .optional()
      .meta({ description: 'Environment variables of each task.', examples: [{ LOG_LEVEL: 'info' }] }),
    labels: z
      .record(
        z.string().regex(USER_LABEL, {
          error: (issue) =>
            `label "${String(issue.input)}" uses the reserved "autopilot." prefix: those labels come from "autoscaling"; rename it`,
        }),
        z.string({ error: 'label values must be strings: quote numbers and booleans' }),
      )
      .optional()
      .meta({ description: 'Marathon labels; keys starting with `autopilot.` are reserved.' }),
    healthChecks: z
      .array(HealthCheckSchema)
      .max(10, 'at most 10 healthChecks')
      .optional()
      .meta({ description: 'Marathon health checks (HTTP on portIndex 0 is typical for a web app).' }),
    portDefinitions: z
      .array(PortDefinitionSchema)
      .max(10, 'at most 10 portDefinitions')
      .optional()
      .meta({ description: 'Host ports; **Default:** one port, `$PORT0`, picked by Marathon.' }),
    upgradeStrategy: z
      .strictObject({
        minimumHealthCapacity: z.number().min(0).max(1).optional(),
        maximumOverCapacity: z.number().min(0).max(1).optional(),
      })
      .optional()
      .meta({ description: 'How Marathon rolls out a changed bundle (fractions of instances).' }),
    autoscaling: AutoscalingBlockSchema.optional().meta({
      description: 'How the scale function sizes the app: `policy` and its parameters (docs/scaling.md).',
      examples: [{ policy: 'target', minInstances: 1, maxInstances: 10 }],
    }),
  })
  .meta({ title: 'marathon.json', description: 'The manifest at the root of a deploy bundle.' });

type Manifest = z.infer<typeof ManifestSchema>;
type ManifestInput = z.input<typeof ManifestSchema>;

/** Why a Marathon field a user may know is not in the manifest. */
const FIELD_HINTS: Record<string, string> = {
  uris: 'the deploy function fetches the bundle itself',
  fetch: 'the deploy function fetches the bundle itself',
  args: 'put the whole command in "cmd"',
  container: 'bundles run as plain Mesos commands',
};

/** One readable line per problem, e.g. `cpus: cpus must be at most 64`. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(manifest)';
    if (issue.code === 'unrecognized_keys') {
      const hints = issue.keys.flatMap((k) => (FIELD_HINTS[k] ? [`"${k}": ${FIELD_HINTS[k]}`] : []));
      const names = issue.keys.map((k) => `"${k}"`).join(', ');
      return `${where}: unknown field(s) ${names}; remove them${hints.length ? ` (${hints.join('; ')})` : ''}`;
    }
    // zod reports a bad record key as "Invalid key in record" and keeps the key's own message inside.
    if (issue.code === 'invalid_key') return `${where}: ${issue.issues[0]?.message ?? issue.message}`;
    return `${where}: ${issue.message}`;
  });
}

export type { Manifest, ManifestInput };
export { APP_ID_REGEX, describeIssues, MANIFEST_FILE, ManifestSchema, suggestAppId };
