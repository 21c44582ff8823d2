import { formatDecision } from '#shared/logging/decision-line.ts';
import { type CommandSpec, runCommand, str, TARGET_HELP, TARGET_OPTIONS } from '../lib/command.ts';
import { followDecisions, readDecisions } from '../lib/decision-source.ts';
import { EXIT, UsageError } from '../lib/errors.ts';
import { parseDuration } from '../lib/output.ts';
import { resolveTarget } from '../lib/target.ts';

const HELP = `Usage: autopilot decisions [app] [--since 10m] [--follow] [--changes] [--json]

Scaling decisions the scale function logged: from the local stack's logs/scale.log, or with --stage from
CloudWatch Logs with the stack's saved Logs Insights query (the same query text the console shows) on
/aws/lambda/marathon-autopilot-<stage>-scale. One line each:
  12:01:05 rest-app target 1 → 3 scale-up: mean CPU 93.0 % vs target 80 %: 1 → 3

  --since D     only decisions newer than D: 90s, 10m, 2h, 1d (default: all locally, 1h on AWS)
  --follow, -f  keep printing new decisions until Ctrl-C
  --changes     only decisions that scaled (or tried to): scale-up, scale-down
  --utc         times in UTC (default: this machine's time zone)
  --filter-events  with --stage: read with FilterLogEvents instead of the saved Insights query (no 10000-line
                cap; slower over long windows). --follow always polls FilterLogEvents
  --json        one JSON object per line (the log line's fields), for jq

${TARGET_HELP}

Examples:
  autopilot decisions                          # everything the local stack decided
  autopilot decisions rest-app --since 10m --changes
  autopilot decisions --follow
  autopilot decisions --stage prod --region eu-west-1 --since 2h --json | jq .desired
  autopilot decisions --stage prod --since 7d --changes

Exit codes: 0 ok (also when nothing matched), 1 reading the log failed, 2 bad flags, 3 no local stack.`;

const spec: CommandSpec = {
  name: 'decisions',
  help: HELP,
  options: {
    ...TARGET_OPTIONS,
    since: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    changes: { type: 'boolean' },
    utc: { type: 'boolean' },
    'filter-events': { type: 'boolean' },
  },
  positionals: { min: 0, max: 1 },
  async run({ values, positionals, io, json }) {
    const sinceText = str(values, 'since');
    const sinceMs = sinceText === undefined ? undefined : parseDuration(sinceText);
    if (sinceText !== undefined && sinceMs === undefined) {
      throw new UsageError(`--since must be a duration like 90s, 10m, 2h or 1d, not "${sinceText}"`);
    }
    const target = await resolveTarget(values);
    const defaultSince = target.kind === 'aws' ? 3_600_000 : undefined;
    const window = sinceMs ?? defaultSince;
    const changesOnly = values.changes === true;
    const query = {
      appId: positionals[0],
      sinceMs: window === undefined ? undefined : Date.now() - window,
      insights: target.kind === 'aws' && values['filter-events'] !== true,
      changesOnly,
    };
    if (values['filter-events'] === true && target.kind !== 'aws') {
      throw new UsageError('--filter-events reads CloudWatch Logs: use it with --stage');
    }
    const show = (decision: Parameters<typeof formatDecision>[0]) => {
      if (changesOnly && decision.action !== 'scale-up' && decision.action !== 'scale-down') return;
      io.out(json ? JSON.stringify(decision) : formatDecision(decision, { utc: values.utc === true }));
    };
    const found = await readDecisions(target.decisions, query);
    for (const decision of found) show(decision);
    if (!values.follow) {
      if (found.length === 0 && !json) io.err(`no decisions${positionals[0] ? ` for ${positionals[0]}` : ''} yet`);
      return EXIT.ok;
    }
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await followDecisions(target.decisions, { appId: query.appId }, show, abort.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return EXIT.ok;
  },
};

function runDecisions(argv: readonly string[], io?: Parameters<typeof runCommand>[2]): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runDecisions };
