import { listHistory } from '#shared/deploy/index.ts';
import { type CommandSpec, type Io, intArg, runCommand, str, TARGET_HELP, TARGET_OPTIONS } from '../lib/command.ts';
import { deployContext } from '../lib/deploy-context.ts';
import { CliError, EXIT } from '../lib/errors.ts';
import { ago, table } from '../lib/output.ts';
import { resolveTarget } from '../lib/target.ts';

const HELP = `Usage: autopilot history <app> [--limit N] [--json]

The app's deploys and rollbacks, newest first, from the deploy function's records (deploys/<app>/*.json in the
bundle bucket): when, kind, digest, the upload it came from, who, and the Marathon deployment. The first row is
what runs now. Roll back to any digest listed with: autopilot rollback <app> <digest>.

  --limit N   at most N records (default 20)

${TARGET_HELP}

Examples:
  autopilot history rest-app
  autopilot history rest-app --limit 5 --json | jq -r '.records[].digest'

Exit codes: 0 ok, 1 S3 failed, 2 bad flags, 3 no records for the app / no local stack.`;

const spec: CommandSpec = {
  name: 'history',
  help: HELP,
  options: { ...TARGET_OPTIONS, limit: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals, io, json }) {
    const appId = (positionals[0] ?? '').replace(/^\/+/, '');
    const limit = intArg(str(values, 'limit'), '--limit', 1, 1000) ?? 20;
    const target = await resolveTarget(values);
    const records = await listHistory(deployContext(target), appId, { limit });
    if (records.length === 0) {
      throw new CliError(
        'NO_HISTORY',
        EXIT.notFound,
        `no deploy records for ${appId} in s3://${target.bucket}/deploys/`,
        {
          hint: 'check the app id (autopilot status), or upload a bundle first (autopilot upload)',
        },
      );
    }
    if (json) {
      io.out(JSON.stringify({ ok: true, appId, records }));
      return EXIT.ok;
    }
    const rows = records.map((r, index) => [
      r.at,
      ago(r.at),
      r.kind,
      r.digest.slice(0, 12),
      r.sourceKey,
      r.who,
      r.deploymentId.slice(0, 8),
      index === 0 ? 'current' : '',
    ]);
    for (const line of table(['AT', 'AGE', 'KIND', 'DIGEST', 'FROM', 'WHO', 'DEPLOYMENT', ''], rows)) io.out(line);
    return EXIT.ok;
  },
};

function runHistory(argv: readonly string[], io?: Io): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runHistory };
