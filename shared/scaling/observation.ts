import type { AppUsageMessage } from '../usage/schemas.ts';
import type { Observation } from './types.ts';

/** What the engine needs to know about the app besides its usage (from Marathon, or from the simulator's model). */
interface AppFacts {
  readonly instances: number;
  readonly deploymentInProgress: boolean;
  /** Epoch ms of the app's last scaling; null or undefined when unknown. */
  readonly lastScalingAt: number | null | undefined;
}

/**
 * The one mapping from a collector message to the engine's input, shared by the scale function and the
 * simulator so a backtest decides on exactly what production would see.
 */
function observationFrom(
  app: AppFacts,
  message: Pick<AppUsageMessage, 'tasks' | 'tasksMissing'>,
  now: number,
): Observation {
  return {
    now,
    current: app.instances,
    tasks: message.tasks.map((task) => ({ cpu: task.cpu, mem: task.mem })),
    tasksMissing: message.tasksMissing,
    deploymentInProgress: app.deploymentInProgress,
    lastScalingAt: app.lastScalingAt ?? null,
  };
}

export type { AppFacts };
export { observationFrom };
