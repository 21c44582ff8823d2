import type { z } from 'zod';
import { type AutoscalingSpec, AutoscalingSpecSchema, type PolicyConfig, type PolicyName } from './spec.ts';

/**
 * Per-app autoscaling settings live in Marathon labels (written by the deploy manifest): `autopilot.enabled`,
 * `autopilot.policy`, and one `autopilot.<paramName>` per parameter, all strings. Only the keys the user set
 * are written, so an app follows improved defaults without a redeploy.
 */
const LABEL_PREFIX = 'autopilot.';
const ENABLED_LABEL = `${LABEL_PREFIX}enabled`;
const POLICY_LABEL = `${LABEL_PREFIX}policy`;

/**
 * `autopilot.*` labels that other parts of the product own (the deploy function's bookkeeping); they are not
 * policy parameters and are skipped. Any other unknown `autopilot.*` label is an error, so typos are caught.
 */
const RESERVED_LABELS: readonly string[] = [`${LABEL_PREFIX}digest`, `${LABEL_PREFIX}source-key`];

interface LabelProblem {
  /** The label at fault, e.g. `autopilot.minInstances`. */
  label: string;
  value: string | undefined;
  problem: string;
  fix: string;
}

type LabelResult = { ok: true; config: PolicyConfig } | { ok: false; problems: LabelProblem[]; message: string };

interface LabelDefaults {
  /** Policy when the app has no `autopilot.policy` label (config DEFAULT_POLICY). */
  policy: PolicyName;
  /** Forces dry-run for every app (config DRY_RUN). **Default:** false */
  dryRun?: boolean;
}

/** Validates the manifest's block and renders it as Marathon labels. Throws the ZodError when invalid. */
function specToLabels(spec: AutoscalingSpec): Record<string, string> {
  AutoscalingSpecSchema.parse(spec);
  const labels: Record<string, string> = { [ENABLED_LABEL]: String(spec.enabled ?? true) };
  for (const [key, value] of Object.entries(spec)) {
    if (value !== undefined) labels[`${LABEL_PREFIX}${key}`] = String(value);
  }
  return labels;
}

/** Label values are strings; turn the ones that look like numbers or booleans into those, leave the rest. */
function coerce(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  const trimmed = value.trim();
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return value;
}

function problemsOf(error: z.ZodError, labels: Record<string, string>, policy: string): LabelProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        label: `${LABEL_PREFIX}${key}`,
        value: labels[`${LABEL_PREFIX}${key}`],
        problem: `not a parameter of policy ${policy}`,
        fix: `remove the label, or fix its name (parameters are camelCase, listed in docs/scaling.md)`,
      }));
    }
    const label = `${LABEL_PREFIX}${issue.path.join('.')}`;
    return [
      {
        label,
        value: labels[label],
        problem: issue.message,
        fix: `set ${label} to a valid value or remove it to use the default (docs/scaling.md)`,
      },
    ];
  });
}

/**
 * Reads an app's policy config from its labels. Never throws: an invalid label yields `ok: false` with
 * every problem named, so the caller logs it and leaves the app alone.
 */
function policyConfigFromLabels(labels: Record<string, string> | undefined, defaults: LabelDefaults): LabelResult {
  const own = Object.fromEntries(
    Object.entries(labels ?? {}).filter(([name]) => name.startsWith(LABEL_PREFIX) && !RESERVED_LABELS.includes(name)),
  );
  const raw: Record<string, unknown> = { policy: defaults.policy };
  for (const [name, value] of Object.entries(own)) {
    const key = name.slice(LABEL_PREFIX.length);
    raw[key] = key === 'policy' ? value : coerce(value);
  }
  const parsed = AutoscalingSpecSchema.safeParse(raw);
  if (parsed.success) {
    const config = defaults.dryRun ? { ...parsed.data, dryRun: true } : parsed.data;
    return { ok: true, config };
  }
  const problems = problemsOf(parsed.error, own, String(raw.policy));
  const message = problems.map((p) => `${p.label}=${JSON.stringify(p.value ?? null)}: ${p.problem}`).join('; ');
  return { ok: false, problems, message: `invalid autoscaling labels, app left alone: ${message}` };
}

export type { LabelDefaults, LabelProblem, LabelResult };
export { ENABLED_LABEL, LABEL_PREFIX, POLICY_LABEL, policyConfigFromLabels, RESERVED_LABELS, specToLabels };
