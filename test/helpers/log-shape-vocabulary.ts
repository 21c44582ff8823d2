import * as shapes from '#shared/logging/log-shapes.ts';

/**
 * Everything a query or metric filter may name, taken from the log shape constants: field names (nested ones as
 * Logs Insights flattens them) and literal values (message texts, outcomes, actions, guards, levels). A query
 * naming anything else depends on a shape nobody declared.
 */

const values = (record: Record<string, string>): string[] => Object.values(record);

const FIELD_NAMES = new Set<string>([
  ...values(shapes.LOG_BASE_FIELDS),
  ...values(shapes.SCALE_DECISION_FIELDS),
  ...values(shapes.SCALE_OBSERVED_FIELDS).map((name) => `${shapes.SCALE_DECISION_FIELDS.observed}.${name}`),
  ...values(shapes.SCALE_PROBLEM_FIELDS),
  ...values(shapes.COLLECT_SUMMARY_FIELDS),
  ...values(shapes.COLLECT_PROBLEM_FIELDS),
  ...values(shapes.DEPLOY_OUTCOME_FIELDS),
]);

/** Fields Logs Insights itself provides. */
const BUILTIN_FIELDS = new Set(['@timestamp', '@message', '@logStream', '@log']);

const LITERALS = new Set<string>([
  ...values(shapes.SCALE_LOG),
  ...values(shapes.COLLECT_LOG),
  ...values(shapes.DEPLOY_LOG),
  ...values(shapes.DEPLOY_OUTCOMES),
  ...values(shapes.SCALE_ACTIONS),
  ...values(shapes.SCALE_BLOCKED_BY),
  ...values(shapes.LOG_LEVELS),
  ...values(shapes.LAMBDA_RUNTIME_LOG),
]);

export { BUILTIN_FIELDS, FIELD_NAMES, LITERALS };
