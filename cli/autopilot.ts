/**
 * The `autopilot` command line: `node cli/autopilot.ts <command> [options]`.
 * Only `simulate` for now; other commands register here.
 */
import { runSimulate } from './commands/simulate.ts';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { simulate: runSimulate };

const [command, ...rest] = process.argv.slice(2);
const run = command === undefined ? undefined : COMMANDS[command];
if (run === undefined) {
  const known = Object.keys(COMMANDS).join(', ');
  console.error(
    command === undefined || command === '--help' || command === '-h'
      ? `usage: autopilot <command> [options]\ncommands: ${known}\nrun "autopilot <command> --help" for details`
      : `autopilot: unknown command "${command}"; commands: ${known}`,
  );
  process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
} else {
  process.exitCode = await run(rest);
}
