import { z } from 'zod';
import { APP_ID_PATTERN } from '#shared/marathon/index.ts';

/** One entry of Marathon's 422 `details`. */
interface ValidationDetail {
  path: string;
  errors: string[];
}

const ID_RULE =
  "must fully match regular expression '^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$'";
const COMMAND_RULE = "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";

/**
 * The types Marathon's JSON reader insists on for the fields the stand-in acts on; everything else
 * passes through untouched (and is reported back as given).
 */
const AppInputSchema = z.looseObject({
  id: z.string().optional(),
  cmd: z.string().nullish(),
  args: z.array(z.string()).nullish(),
  cpus: z.number().optional(),
  mem: z.number().optional(),
  disk: z.number().optional(),
  instances: z.number().int().optional(),
  env: z.record(z.string(), z.union([z.string(), z.looseObject({ secret: z.string() })])).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  uris: z.array(z.string()).optional(),
  fetch: z
    .array(
      z.looseObject({
        uri: z.string(),
        extract: z.boolean().optional(),
        executable: z.boolean().optional(),
        cache: z.boolean().optional(),
        outputFile: z.string().optional(),
        destPath: z.string().optional(),
      }),
    )
    .optional(),
  portDefinitions: z
    .array(z.looseObject({ port: z.number().int(), protocol: z.string().optional(), name: z.string().optional() }))
    .optional(),
  healthChecks: z.array(z.looseObject({})).optional(),
  backoffSeconds: z.number().optional(),
  backoffFactor: z.number().optional(),
  maxLaunchDelaySeconds: z.number().optional(),
  taskKillGracePeriodSeconds: z.number().nullish(),
  upgradeStrategy: z
    .looseObject({ minimumHealthCapacity: z.number().optional(), maximumOverCapacity: z.number().optional() })
    .optional(),
  container: z.looseObject({}).nullish(),
});

type AppInput = z.infer<typeof AppInputSchema>;

function jsType(expected: string): string {
  return `error.expected.js${expected === 'array' ? 'array' : expected === 'object' ? 'object' : expected}`;
}

/** Parses the body's types; a type mismatch is reported in Marathon's Play-JSON wording. */
function parseAppInput(body: unknown): { input: AppInput } | { details: ValidationDetail[] } {
  const result = AppInputSchema.safeParse(body);
  if (result.success) return { input: result.data };
  const details = result.error.issues.map((issue) => {
    const expected = (issue as { expected?: string }).expected;
    const error = issue.code === 'invalid_type' && expected ? jsType(expected) : issue.message;
    return { path: `/${issue.path.join('/')}`, errors: [error] };
  });
  return { details };
}

/** Marathon's id rule per path segment (`..` and `.` are allowed and resolved elsewhere). */
function isValidAppId(id: string): boolean {
  const segments = id.replace(/^\/+/, '').split('/');
  return (
    segments.length > 0 &&
    segments.every((segment) => segment === '.' || segment === '..' || APP_ID_PATTERN.test(segment)) &&
    !segments.every((segment) => segment === '.' || segment === '..')
  );
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function minRule(details: ValidationDetail[], path: string, value: number | undefined, min: number, int = false) {
  if (value === undefined) return;
  if (Number.isNaN(value) || value < min) {
    const shown = int ? String(value) : formatNumber(value);
    details.push({ path, errors: [`got ${shown}, expected ${int ? min : formatNumber(min)} or more`] });
  }
}

/**
 * Marathon's semantic rules for a complete app definition (after defaults and merging):
 * id pattern, resource ranges, backoff ranges, and exactly one of cmd / args unless a container runs it.
 * Returns the 422 `details`, empty when valid.
 */
function validateApp(app: AppInput): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  if (!app.id || !isValidAppId(app.id)) details.push({ path: '/id', errors: [ID_RULE] });
  minRule(details, '/cpus', app.cpus, 0.001);
  minRule(details, '/mem', app.mem, 0);
  minRule(details, '/disk', app.disk, 0);
  minRule(details, '/instances', app.instances, 0, true);
  minRule(details, '/backoffSeconds', app.backoffSeconds, 0, true);
  minRule(details, '/backoffFactor', app.backoffFactor, 1);
  minRule(details, '/maxLaunchDelaySeconds', app.maxLaunchDelaySeconds, 0, true);
  const hasCmd = typeof app.cmd === 'string' && app.cmd.length > 0;
  const hasArgs = Array.isArray(app.args) && app.args.length > 0;
  if (hasCmd === hasArgs && !(app.container && !hasCmd)) details.push({ path: '/', errors: [COMMAND_RULE] });
  if (typeof app.cmd === 'string' && app.cmd.length === 0) {
    details.push({ path: '/cmd', errors: ['must not be empty'] });
  }
  const strategy = app.upgradeStrategy;
  for (const key of ['minimumHealthCapacity', 'maximumOverCapacity'] as const) {
    const value = strategy?.[key];
    if (value !== undefined && (value < 0 || value > 1)) {
      details.push({ path: `/upgradeStrategy/${key}`, errors: ['is not between 0.0 and 1.0'] });
    }
  }
  const names = (app.portDefinitions ?? []).map((port) => port.name).filter((name) => name !== undefined);
  if (new Set(names).size !== names.length) {
    details.push({ path: '/portDefinitions', errors: ['Port names must be unique.'] });
  }
  return details;
}

export type { AppInput, ValidationDetail };
export { AppInputSchema, isValidAppId, parseAppInput, validateApp };
