import type { AppUsageMessage } from '#shared/usage/index.ts';
import type { Prng } from './prng.ts';
import type { AppModel } from './types.ts';

/** Marathon app id the simulated messages carry. */
const SIM_APP_ID = '/simulated';

interface MeasureInput {
  readonly nowMs: number;
  readonly demand: number;
  readonly instances: number;
  readonly ready: number;
}

/**
 * The message the collect function would send for the simulated app at this moment: demand spread evenly
 * over the ready tasks, each task's CPU fraction with multiplicative noise and capped at its limit, and the
 * still-starting tasks reported as missing (Marathon lists them, no agent has statistics for them yet).
 */
function measure(input: MeasureInput, model: AppModel, prng: Prng): AppUsageMessage {
  const { nowMs, demand, instances, ready } = input;
  const capacity = ready * model.cpusPerInstance;
  const trueFraction = capacity > 0 ? demand / capacity : 0;
  const tasks = Array.from({ length: ready }, (_, index) => {
    const noisy = trueFraction * (1 + model.noise * prng.normal());
    const cpu = Math.min(model.utilisationCap, Math.max(0, noisy));
    return { id: `simulated.task-${index}`, agentId: `S${index % 8}`, cpu, mem: 0.3, intervalS: 1 };
  });
  const cpus = tasks.map((task) => task.cpu);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const summary = {
    cpuTasks: cpus.length,
    cpuMean: mean(cpus),
    cpuMax: cpus.length === 0 ? null : Math.max(...cpus),
    memTasks: tasks.length,
    memMean: tasks.length === 0 ? null : 0.3,
    memMax: tasks.length === 0 ? null : 0.3,
  };
  const at = new Date(nowMs).toISOString();
  return {
    version: 1,
    cycleId: at,
    appId: SIM_APP_ID,
    collectedAt: at,
    instances,
    tasksRunning: instances,
    tasksMissing: instances - ready,
    agentsFailed: [],
    tasks,
    summary,
  };
}

export { measure, SIM_APP_ID };
