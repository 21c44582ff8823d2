#!/usr/bin/env node
/**
 * The `autopilot` command line (docs/cli.md): `autopilot <command> [options]`, each command in cli/commands/.
 * Commands are imported only when run, so `autopilot status` does not load the simulator or the bundle validator.
 */
import { EXIT } from './lib/errors.ts';

interface CommandEntry {
  summary: string;
  /** Module under ./commands/ and the function it exports: (argv) => Promise<exit code>. */
  module: string;
  run: string;
}

const COMMANDS: Record<string, CommandEntry> = {
  bundle: {
    summary: 'build a bundle (.tar.gz) from a directory with marathon.json, validated',
    module: 'bundle',
    run: 'runBundle',
  },
  upload: {
    summary: 'upload a bundle to the bucket and wait for the deploy outcome',
    module: 'upload',
    run: 'runUpload',
  },
  status: {
    summary: 'apps, instances, tasks, health, bundle digest, last decision',
    module: 'status',
    run: 'runStatus',
  },
  scale: {
    summary: "set an app's instance count by hand (respects running deployments)",
    module: 'scale',
    run: 'runScale',
  },
  history: { summary: "an app's deploys and rollbacks, newest first", module: 'history', run: 'runHistory' },
  rollback: { summary: 'redeploy a digest the app ran before', module: 'rollback', run: 'runRollback' },
  decisions: {
    summary: 'scaling decisions from the local log or CloudWatch Logs',
    module: 'decisions',
    run: 'runDecisions',
  },
  simulate: { summary: 'replay load against a scaling policy (backtesting)', module: 'simulate', run: 'runSimulate' },
};

const HELP = `Usage: autopilot <command> [options]      (autopilot <command> --help for its flags and examples)

Commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(10)} ${entry.summary}`)
  .join('\n')}

Without --stage, commands act on the local stack "npm start" runs (found through .local/stack.json).
Every command takes --json (machine-readable output) and --help.

Exit codes: 0 ok, 1 failure, 2 usage error, 3 not found, 4 conflict (deployment running),
            5 invalid or rejected bundle, 6 timed out waiting.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? console.error : console.log)(HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`autopilot: unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    console.error('  run "autopilot --help" for what each does');
    return EXIT.usage;
  }
  const path = `./commands/${entry.module}.ts`;
  let run: unknown;
  try {
    run = ((await import(path)) as Record<string, unknown>)[entry.run];
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  if (typeof run !== 'function') {
    console.error(`autopilot: "${command}" is not part of this build (cli/commands/${entry.module}.ts is missing)`);
    return EXIT.failure;
  }
  return (run as (argv: string[]) => Promise<number>)(rest);
}

process.exitCode = await main(process.argv.slice(2));
