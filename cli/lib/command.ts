import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { ConfigError } from '#shared/config/errors.ts';
import { HttpError } from '#shared/http/index.ts';
import { MarathonDeploymentLockedError, MarathonInvalidAppError } from '#shared/marathon/index.ts';
import { CliError, EXIT, UsageError } from './errors.ts';

/**
 * What every `autopilot` command shares: flag parsing (its own flags plus `--help` and `--json`), one place that
 * turns errors into a message that says what to do and an exit code (errors.ts), and output through `io` so tests
 * capture it.
 */
interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

interface CommandSpec {
  name: string;
  /** Full `--help` text: usage line, flags, examples, exit codes. */
  help: string;
  options: ParseArgsOptionsConfig;
  /** Positional arguments: at least `min`, at most `max`. */
  positionals: { min: number; max: number };
  run(input: { values: Values; positionals: string[]; io: Io; json: boolean }): Promise<number>;
}

/** Flags that target where commands act: the local stack (default) or a deployed stage. */
const TARGET_OPTIONS: ParseArgsOptionsConfig = {
  'data-dir': { type: 'string' },
  stage: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  bucket: { type: 'string' },
  'marathon-url': { type: 'string' },
};

const TARGET_HELP = `Where (default: the local stack npm start runs, found through <data-dir>/stack.json):
  --data-dir DIR       npm start's data directory (default .local, or AUTOPILOT_DATA_DIR)
  --stage NAME         a deployed stage instead (AWS; or AUTOPILOT_STAGE)
  --region R           its region (default AWS_REGION, else us-east-1)
  --profile P          AWS profile (default AWS_PROFILE / the SDK's chain)
  --bucket B           bundle bucket (default: the stage's, marathon-autopilot-<stage>-<region>-bundles)
  --marathon-url URL   Marathon for --stage (default MARATHON_URL; credentials from MARATHON_CREDENTIALS)`;

function describe(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof MarathonDeploymentLockedError) {
    return new CliError(error.code, EXIT.conflict, error.message, {
      hint: 'wait for the running deployment to finish (autopilot status), or add --force to override it',
      cause: error,
    });
  }
  if (error instanceof MarathonInvalidAppError) return new CliError(error.code, EXIT.invalid, error.message);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('BUNDLE_')) {
    // shared/bundle's errors: the message already names the problem and the fix.
    const details = (error as { details?: Record<string, unknown> }).details;
    return new CliError(code, EXIT.invalid, (error as Error).message, details ? { details } : {});
  }
  if (error instanceof ConfigError) return new CliError(error.code, EXIT.usage, error.message);
  if (error instanceof HttpError) {
    return new CliError(error.code, EXIT.failure, error.message, {
      hint: 'is the target running and reachable? (local: is npm start still running?)',
      cause: error,
    });
  }
  const name = (error as { name?: string }).name;
  if (name === 'CredentialsProviderError') {
    return new CliError('AWS_CREDENTIALS', EXIT.failure, (error as Error).message, {
      hint: 'configure AWS credentials (aws configure, --profile, or AWS_PROFILE) for --stage',
    });
  }
  return new CliError('CLI_FAILED', EXIT.failure, (error as Error)?.message ?? String(error), { cause: error });
}

function report(error: CliError, io: Io, json: boolean, command: string): number {
  if (json) {
    const { code, message, hint, details } = error;
    io.out(JSON.stringify({ ok: false, error: { code, message, hint, details } }));
  } else {
    io.err(`autopilot ${command}: ${error.message}`);
    if (error.hint) io.err(`  ${error.hint}`);
  }
  return error.exitCode;
}

/** Parses `argv` for `spec` and runs it; never throws, returns the exit code. */
async function runCommand(spec: CommandSpec, argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const json = argv.includes('--json');
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      options: { ...spec.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return report(new UsageError((error as Error).message, `see autopilot ${spec.name} --help`), io, json, spec.name);
  }
  if (values.help) {
    io.out(spec.help);
    return EXIT.ok;
  }
  const { min, max } = spec.positionals;
  if (positionals.length < min || positionals.length > max) {
    const what = positionals.length < min ? 'missing argument' : `unexpected argument ${positionals[max]}`;
    return report(new UsageError(what, `see autopilot ${spec.name} --help`), io, json, spec.name);
  }
  try {
    return await spec.run({ values, positionals, io, json });
  } catch (error) {
    return report(describe(error), io, json, spec.name);
  }
}

/** A flag's string value, or undefined. */
function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole number flag/argument in [min, max]; a UsageError otherwise. */
function intArg(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

export type { CommandSpec, Io, Values };
export { consoleIo, describe, intArg, report, runCommand, str, TARGET_HELP, TARGET_OPTIONS };
