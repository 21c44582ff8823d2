import type { Decision } from './adapters.ts';

/** One point of a time series: epoch ms and a value. */
interface Point {
  t: number;
  v: number;
}

/** A scaling decision as a mark on the chart. */
interface Mark {
  t: number;
  action: string;
  current: number;
  desired: number;
  applied: boolean;
  reason: string | null;
  reasonText: string | null;
  blockedBy: string | null;
}

interface AppSeries {
  appId: string;
  /** Instance count as a step function: the count each decision saw, then the count it set when applied. */
  instances: Point[];
  /** Mean CPU use of the app's tasks as a fraction of their limit (1 = at the limit), one point per decision. */
  cpu: Point[];
  /** Every decision, scale-ups, scale-downs and "no change" alike. */
  marks: Mark[];
}

/**
 * Builds an app's chart data from its decision lines (oldest first). The scale function logs the count it saw
 * (`current`) and, when it acted, the count it asked for (`desired`): Marathon then has the new count, so the step
 * rises at the decision's time. `now` (the app's configured instances) closes the line at the present when given.
 */
function buildSeries(
  appId: string,
  decisions: readonly Decision[],
  now?: { t: number; instances: number } | undefined,
): AppSeries {
  const instances: Point[] = [];
  const cpu: Point[] = [];
  const marks: Mark[] = [];
  const sorted = [...decisions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const d of sorted) {
    const t = Date.parse(d.at);
    if (Number.isNaN(t)) continue;
    const last = instances.at(-1);
    if (last?.v !== d.current) instances.push({ t, v: d.current });
    if (d.applied) instances.push({ t, v: d.desired });
    if (d.cpuMean !== null) cpu.push({ t, v: d.cpuMean });
    marks.push({
      t,
      action: d.action,
      current: d.current,
      desired: d.desired,
      applied: d.applied,
      reason: d.reason,
      reasonText: d.reasonText,
      blockedBy: d.blockedBy,
    });
  }
  if (now) {
    const last = instances.at(-1);
    if (!last || now.t >= last.t) instances.push({ t: now.t, v: now.instances });
  }
  return { appId, instances, cpu, marks };
}

export type { AppSeries, Mark, Point };
export { buildSeries };
