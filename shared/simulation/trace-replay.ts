import { type AppUsageMessage, AppUsageMessageSchema } from '#shared/usage/index.ts';
import { describeZodIssues } from '#shared/validation/index.ts';
import { SimulationConfigError, TraceFormatError } from './errors.ts';
import { resample } from './trace-csv.ts';
import type { Trace } from './types.ts';

/**
 * Reconstructs demand from recorded collector messages (JSON lines of AppUsageMessage, as the collect function
 * sends them): demand = Σ task CPU fraction × CPU per task, over the tasks that reported a value (see demandOf).
 * A saturated app under-reports: tasks at their limit cannot show the demand they turned away, so peaks
 * replayed from a saturated period are lower bounds.
 */
function parseReplayTrace(
  text: string,
  options: { cpusPerInstance: number; appId?: string | undefined; name?: string },
): Trace {
  const messages = parseMessages(text);
  const appIds = [...new Set(messages.map((message) => message.appId))];
  const appId = options.appId ?? (appIds.length === 1 ? appIds[0] : undefined);
  if (appId === undefined) {
    throw new SimulationConfigError(`the recording holds ${appIds.length} apps (${appIds.join(', ')}); choose one`);
  }
  const byCycle = new Map<string, AppUsageMessage>();
  for (const message of messages) if (message.appId === appId) byCycle.set(message.cycleId, message);
  if (byCycle.size === 0) {
    throw new SimulationConfigError(`no message for app "${appId}"; the recording holds ${appIds.join(', ')}`);
  }
  const samples = [...byCycle.values()]
    .map((message) => ({ atMs: Date.parse(message.collectedAt), demand: demandOf(message, options.cpusPerInstance) }))
    .sort((a, b) => a.atMs - b.atMs);
  return resample(samples, options.name ?? `replay ${appId}`);
}

/**
 * CPU-seconds per second the app's tasks served in this message: from the exact `summary` over every measured task
 * when the collector sent one, else from `tasks` (scaled up by `tasksOmitted`, since the kept tasks are an evenly
 * spread subset).
 */
function demandOf(message: AppUsageMessage, cpusPerInstance: number): number {
  const { summary } = message;
  if (summary && summary.cpuMean !== null) return summary.cpuMean * summary.cpuTasks * cpusPerInstance;
  let sum = 0;
  let measured = 0;
  for (const task of message.tasks) {
    if (task.cpu === null) continue;
    sum += task.cpu;
    measured += 1;
  }
  if (measured === 0) return 0;
  return (sum / measured) * (measured + (message.tasksOmitted ?? 0)) * cpusPerInstance;
}

function parseMessages(text: string): AppUsageMessage[] {
  const messages: AppUsageMessage[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new TraceFormatError('not JSON; expected one collector message per line', { line }, { cause: error });
    }
    const parsed = AppUsageMessageSchema.safeParse(json);
    if (!parsed.success) {
      const problems = describeZodIssues(parsed.error);
      throw new TraceFormatError(`not a collector message (${problems.join('; ')})`, { line }, { cause: parsed.error });
    }
    messages.push(parsed.data);
  });
  return messages;
}

export { demandOf, parseReplayTrace };
