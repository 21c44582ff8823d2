import { type CommandSpec, intArg, runCommand, TARGET_HELP, TARGET_OPTIONS } from '../lib/command.ts';
import { CliError, EXIT } from '../lib/errors.ts';
import { resolveTarget } from '../lib/target.ts';

const HELP = `Usage: autopilot scale <app> <instances> [--force] [--json]

Sets an app's instance count by hand: the seed's PUT /v2/apps/<app> {"instances": N}. Marathon refuses while a
deployment of the app is running (exit 4); wait for it (autopilot status) or add --force to override it.
With autoscaling on, the scale function may change the count again at its next decision (autopilot decisions).

  --force   override a running deployment (PUT ...?force=true)

${TARGET_HELP}

Examples:
  autopilot scale rest-app 3
  autopilot scale rest-app 0 --force
  autopilot scale /shop/api 5 --stage prod --marathon-url http://marathon.internal:8080 --json

Exit codes: 0 scaled, 1 Marathon failed, 2 bad arguments, 3 no such app / no local stack, 4 deployment running.`;

const spec: CommandSpec = {
  name: 'scale',
  help: HELP,
  options: { ...TARGET_OPTIONS, force: { type: 'boolean' } },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals, io, json }) {
    const [appId = '', count] = positionals;
    const instances = intArg(count, 'instances', 0, 10_000) ?? 0;
    const target = await resolveTarget(values);
    const marathon = target.marathon();
    const app = await marathon.getApp(appId);
    if (!app) {
      throw new CliError('APP_NOT_FOUND', EXIT.notFound, `Marathon has no app ${appId}`, {
        hint: 'list the apps with: autopilot status',
      });
    }
    const force = values.force === true;
    const result = await marathon.scaleApp(appId, instances, { force });
    const autoscaled = app.labels?.['autopilot.enabled'] === 'true';
    if (json) {
      io.out(
        JSON.stringify({ ok: true, appId: app.id, from: app.instances, to: instances, force, autoscaled, ...result }),
      );
    } else {
      io.out(
        `scaled ${app.id} ${app.instances} → ${instances}${force ? ' (forced)' : ''}: deployment ${result.deploymentId}`,
      );
      if (autoscaled) {
        io.out('note: autoscaling is on for this app; the next decision may change the count (autopilot decisions -f)');
      }
    }
    return EXIT.ok;
  },
};

function runScale(argv: readonly string[], io?: Parameters<typeof runCommand>[2]): Promise<number> {
  return runCommand(spec, argv, io);
}

export { runScale };
