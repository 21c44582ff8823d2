import { z } from 'zod';
import { SCALE_LOG } from './scale-log.ts';

/**
 * The scale function's decision log line (message `scaling decision`, fields in functions/scale/README.md), as
 * read back by people: `npm start` prints each one, `autopilot decisions` lists them from a local log file or
 * CloudWatch Logs. Parsed loosely (extra fields pass, optional ones may be missing) so that a newer scale function
 * does not break an older CLI.
 * @example {"timestamp": "2026-11-25T20:00:05.120Z", "level": "info", "message": "scaling decision",
 *   "appId": "/rest-app", "policy": "target", "current": 2, "desired": 3, "action": "scale-up",
 *   "reason": "above-target", "reasonText": "mean CPU 93.0 % vs target 80 %: 2 → 3", "blockedBy": null}
 */
const DECISION_MESSAGE = SCALE_LOG.decision;

const DecisionLineSchema = z.looseObject({
  timestamp: z.string(),
  message: z.literal(DECISION_MESSAGE),
  appId: z.string(),
  cycleId: z.string().nullish(),
  policy: z.string().nullish(),
  observed: z
    .looseObject({
      cpuMean: z.number().nullish(),
      cpuP90: z.number().nullish(),
      memMean: z.number().nullish(),
      samples: z.number().nullish(),
      tasksMissing: z.number().nullish(),
    })
    .nullish(),
  current: z.number(),
  desired: z.number(),
  recommended: z.number().nullish(),
  action: z.string(),
  reason: z.string().nullish(),
  reasonText: z.string().nullish(),
  blockedBy: z.string().nullish(),
  dryRun: z.boolean().nullish(),
  deploymentId: z.string().nullish(),
  applyError: z.string().nullish(),
});

type DecisionLine = z.infer<typeof DecisionLineSchema>;

/** A decision from one log line (JSON text or an already parsed object); `undefined` for any other line. */
function parseDecisionLine(line: string | unknown): DecisionLine | undefined {
  let value: unknown = line;
  if (typeof line === 'string') {
    const start = line.indexOf('{');
    if (start < 0 || !line.includes(DECISION_MESSAGE)) return undefined;
    try {
      value = JSON.parse(line.slice(start));
    } catch {
      return undefined;
    }
  }
  const parsed = DecisionLineSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

interface FormatOptions {
  /** Show the time in UTC instead of this machine's time zone. **Default:** false */
  utc?: boolean;
}

function clock(timestamp: string, utc: boolean): string {
  const at = new Date(timestamp);
  if (Number.isNaN(at.getTime())) return timestamp;
  if (utc) return at.toISOString().slice(11, 19);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/**
 * One readable line: `12:01:05 rest-app target 1 → 3 scale-up: mean CPU 93.0 % vs target 80 %`, then what changed
 * or stopped it, if anything (`[limited by: bounds]`, `[blocked: cooldown]`, `[dry run]`,
 * `[not applied: MARATHON_LOCKED]`).
 */
function formatDecision(decision: DecisionLine, options: FormatOptions = {}): string {
  const app = decision.appId.replace(/^\/+/, '');
  const arrow = decision.current === decision.desired ? '=' : '→';
  const why = decision.reasonText ?? decision.reason ?? '';
  const parts = [
    clock(decision.timestamp, options.utc ?? false),
    app,
    decision.policy ?? '?',
    `${decision.current} ${arrow} ${decision.desired}`,
    `${decision.action}${why ? `: ${why}` : ''}`,
  ];
  // On a change the guard only cut it (bounds, max-change); on 'none' it vetoed it.
  if (decision.blockedBy)
    parts.push(isChange(decision) ? `[limited by: ${decision.blockedBy}]` : `[blocked: ${decision.blockedBy}]`);
  else if (decision.dryRun && decision.action !== 'none') parts.push('[dry run]');
  if (decision.applyError) parts.push(`[not applied: ${decision.applyError}]`);
  return parts.join(' ');
}

/** True when the decision changed (or tried to change) the instance count. */
function isChange(decision: DecisionLine): boolean {
  return decision.action === 'scale-up' || decision.action === 'scale-down';
}

export type { DecisionLine, FormatOptions };
export { DECISION_MESSAGE, DecisionLineSchema, formatDecision, isChange, parseDecisionLine };
