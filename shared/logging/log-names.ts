/**
 * Message texts and field names of log lines other code depends on (CloudWatch Logs Insights queries, dashboards,
 * alarms). Change them only together with those queries.
 */

/** Messages the collect function logs. */
const COLLECT_LOG = {
  /** Once per cycle, info: fields {@link COLLECT_SUMMARY_FIELDS}. */
  cycleSummary: 'collect cycle summary',
  /** warn: an agent from the master's answer was not polled (`agentId`, `reason`). */
  agentSkipped: 'collect agent skipped',
  /** warn: an agent did not answer (`agentId`, `reason`, `sample`: 1 or 2). */
  agentFailed: 'collect agent failed',
  /** error: a usage message could not be sent after retries (`appId`, `code`, `reason`). */
  sendFailed: 'collect message not sent',
  /** warn: stored counters unreadable; the cycle falls back to second samples (`reason`). */
  countersUnreadable: 'collect counters unreadable',
  /** error: the counters could not be saved; the next cycle falls back to second samples (`reason`). */
  countersNotSaved: 'collect counters not saved',
} as const;

/** Fields of the {@link COLLECT_LOG.cycleSummary} line. */
const COLLECT_SUMMARY_FIELDS = {
  cycleId: 'cycleId',
  /** Agents that were asked for statistics (first sample). */
  agentsPolled: 'agentsPolled',
  /** Agents polled again for tasks without previous counters. */
  agentsResampled: 'agentsResampled',
  /**
   * `[{ id, reason }]`: agents running watched tasks that gave no statistics (failed, inactive, rejected); the first
   * 100, reasons cut at 300 characters. `agentsFailedCount` is the exact total.
   */
  agentsFailed: 'agentsFailed',
  agentsFailedCount: 'agentsFailedCount',
  /** Watched apps (label set to 'true'). */
  apps: 'apps',
  tasks: 'tasks',
  tasksMissing: 'tasksMissing',
  /** Messages accepted by SQS. */
  messages: 'messages',
  messagesFailed: 'messagesFailed',
  durationMs: 'durationMs',
  /** `{ list, poll, resample, send }` in ms. */
  phasesMs: 'phasesMs',
} as const;

export { COLLECT_LOG, COLLECT_SUMMARY_FIELDS };
