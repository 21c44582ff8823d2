import { userInfo } from 'node:os';
import { rollback } from '#shared/deploy/index.ts';
import { type CommandSpec, type Io, runCommand, TARGET_HELP, TARGET_OPTIONS } from '../lib/command.ts';
import { deployContext } from '../lib/deploy-context.ts';
import { CliError, EXIT } from '../lib/errors.ts';
import { resolveTarget } from '../lib/target.ts';

const HELP = `Usage: autopilot rollback <app> <digest> [--json]

Redeploys a bundle the app ran before: the stored bundles/<app>/<digest>.tar.gz with the manifest recorded for it,
PUT to Marathon (a rolling update), recorded as a rollback in the app's history. The digest may be abbreviated to
12 or more hex characters, as autopilot history shows it. Marathon's 409 (a deployment running) is retried a few
times before giving up with exit code 4.

${TARGET_HELP}

Examples:
  autopilot history rest-app             # pick a digest
  autopilot rollback rest-app 84b695960d8a
  autopilot rollback rest-app 84b695960d8a --stage prod --marathon-url http://marathon.internal:8080 --json

Exit codes: 0 rolled back, 1 S3/Marathon failed, 2 bad arguments, 3 unknown digest or no local stack,
            4 a deployment is still running, 5 Marathon refused the app definition.`;

const spec: CommandSpec = {
  name: 'rollback',
  help: HELP,
  options: { ...TARGET_OPTIONS },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals, io, json }) {
    const [appId = '', digest = ''] = positionals;
    const target = await resolveTarget(values);
    const who = `autopilot-cli:${userInfo().username}`;
    const result = await rollback(deployContext(target), appId, digest, { who }).catch((error: { code?: string }) => {
      if (error.code === 'DEPLOY_UNKNOWN_DIGEST') {
        throw new CliError(error.code, EXIT.notFound, (error as Error).message);
      }
      throw error;
    });
    if (json) io.out(JSON.stringify({ ok: true, ...result }));
    else {
      io.out(
        `rolled ${result.appId} back to ${result.digest.slice(0, 12)}: Marathon deployment ${result.deploymentId}`,
      );
      io.out(`  recorded as ${result.recordKey}; follow it with: autopilot status ${result.appId}`);
    }
    return EXIT.ok;
  },
};

function runRollback(argv: readonly string[], io?: Io): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runRollback };
