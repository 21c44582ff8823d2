import type { AppModel, Measurement, SimPolicy, Trace } from '#shared/simulation/index.ts';

/** A constant (or piecewise) trace with one sample a minute. */
function traceOf(minutes: readonly number[], name = 'hand-made'): Trace {
  return { name, stepS: 60, demand: minutes, startMs: Date.parse('2026-01-01T00:00:00Z') };
}

function constantTrace(demand: number, minutes: number): Trace {
  return traceOf(Array.from({ length: minutes }, () => demand));
}

/** Model without noise, so hand-computed numbers are exact. */
function exactModel(overrides: Partial<AppModel> = {}): AppModel {
  return {
    cpusPerInstance: 0.5,
    startupDelayS: 90,
    periodS: 60,
    noise: 0,
    seed: 1,
    overloadLimit: 0.9,
    initialInstances: 4,
    utilisationCap: 1,
    ...overrides,
  };
}

/** Answers the evaluations in order with the scripted counts (then keeps the last); records what it saw. */
function scriptedPolicy(counts: readonly number[]): SimPolicy & { seen: Measurement[] } {
  const seen: Measurement[] = [];
  return {
    label: 'scripted',
    seen,
    initialState: () => 0,
    decide(state, input) {
      seen.push(input);
      const index = Number(state);
      return { desired: counts[Math.min(index, counts.length - 1)] ?? input.app.instances, state: index + 1 };
    },
  };
}

/** Keeps whatever count the app has. */
const holdPolicy: SimPolicy = {
  label: 'hold',
  initialState: () => null,
  decide: (state, input) => ({ desired: input.app.instances, state }),
};

export { constantTrace, exactModel, holdPolicy, scriptedPolicy, traceOf };
