import { z } from 'zod';

/**
 * The message the collect function sends and the scale function consumes: one app's usage in one cycle.
 * FIFO group id = appId, deduplication id = `${appId}:${cycleId}`.
 */

/**
 * One task's utilisation over the cycle's interval, as fractions of the task's limits (1.0 = at its limit).
 * `cpu` is Δ(user+system) / Δtimestamp / cpus_limit; `mem` is rss / mem_limit. `null` when not measurable
 * (first sample of a new task with no second sample, counter reset).
 * @example {"id": "rest_app.instance-1a2b._app.1", "agentId": "S0", "cpu": 0.73, "mem": 0.41, "intervalS": 60.2}
 */
const TaskUsageSchema = z.object({
  id: z.string().min(1),
  agentId: z.string(),
  cpu: z.number().nonnegative().nullable(),
  mem: z.number().nonnegative().nullable(),
  intervalS: z.number().nonnegative().nullable(),
});

/**
 * Exact aggregates over all of an app's measured tasks (null values left out), so a consumer can decide even when
 * `tasks` was trimmed to fit the SQS size limit.
 * @example {"cpuTasks": 3, "cpuMean": 0.61, "cpuMax": 0.73, "memTasks": 3, "memMean": 0.4, "memMax": 0.41}
 */
const UsageSummarySchema = z.object({
  cpuTasks: z.number().int().nonnegative(),
  cpuMean: z.number().nonnegative().nullable(),
  cpuMax: z.number().nonnegative().nullable(),
  memTasks: z.number().int().nonnegative(),
  memMean: z.number().nonnegative().nullable(),
  memMax: z.number().nonnegative().nullable(),
});

/**
 * @example {"version": 1, "cycleId": "2026-11-25T20:00:00.000Z", "appId": "/rest_app",
 *   "collectedAt": "2026-11-25T20:00:01.250Z", "instances": 3, "tasksRunning": 3, "tasksMissing": 0,
 *   "agentsFailed": [], "tasks": [{"id": "rest_app.1", "agentId": "S0", "cpu": 0.7, "mem": 0.3, "intervalS": 60}]}
 */
const AppUsageMessageSchema = z.object({
  version: z.literal(1),
  /** Identifies the collect cycle; the same for every app in one invocation. */
  cycleId: z.string().min(1),
  /** Marathon app id, absolute (`/team/api`). */
  appId: z.string().startsWith('/'),
  /** ISO 8601; the scale function drops messages older than MAX_MESSAGE_AGE_S. */
  collectedAt: z.iso.datetime(),
  /** The app's configured instance count in Marathon when collected. */
  instances: z.number().int().nonnegative(),
  /** Tasks Marathon reports for the app. */
  tasksRunning: z.number().int().nonnegative(),
  /** Tasks Marathon reports but no agent gave statistics for (agent failed, task just launched). */
  tasksMissing: z.number().int().nonnegative(),
  /** Agent ids that failed to answer this cycle and run at least one of the app's tasks. */
  agentsFailed: z.array(z.string()),
  tasks: z.array(TaskUsageSchema),
  /** Added by collect ≥ issue 6; aggregates over every measured task, including omitted ones. */
  summary: UsageSummarySchema.optional(),
  /**
   * Tasks measured but left out of `tasks` so the message fits 1 MiB (apps with more than ~5,800 tasks); `tasks` then holds
   * an evenly spread subset and `summary` still covers all. Absent or 0 when nothing was left out.
   */
  tasksOmitted: z.number().int().nonnegative().optional(),
});

type TaskUsage = z.infer<typeof TaskUsageSchema>;
type AppUsageMessage = z.infer<typeof AppUsageMessageSchema>;
type UsageSummary = z.infer<typeof UsageSummarySchema>;

export type { AppUsageMessage, TaskUsage, UsageSummary };
export { AppUsageMessageSchema, TaskUsageSchema, UsageSummarySchema };
