import { z } from 'zod';

/**
 * The counters one cycle leaves for the next, so a figure covers the whole interval between cycles.
 * Stored as one small JSON object; executors of tasks no longer watched are pruned each cycle.
 * @example {"version": 1, "savedAt": "2026-11-25T20:00:01.000Z",
 *   "executors": {"rest_app.instance-1a2b._app.1": {"cpuSecs": 102.37, "ts": 1764100801.2, "startedAt": "2026-11-25T19:00:00.000Z"}}}
 */
const CounterStateSchema = z.object({
  version: z.literal(1),
  savedAt: z.iso.datetime(),
  executors: z.record(
    z.string(),
    z.object({
      cpuSecs: z.number().nonnegative(),
      ts: z.number(),
      startedAt: z.string().nullish(),
    }),
  ),
});

type CounterState = z.infer<typeof CounterStateSchema>;

function emptyCounterState(): CounterState {
  return { version: 1, savedAt: new Date(0).toISOString(), executors: {} };
}

export type { CounterState };
export { CounterStateSchema, emptyCounterState };
