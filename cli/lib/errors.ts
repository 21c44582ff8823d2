/**
 * Exit codes of every `autopilot` command (docs/cli.md). Scripts branch on these, so they never change meaning.
 */
const EXIT = {
  /** Done. */
  ok: 0,
  /** Failed: an error talking to S3, Marathon, CloudWatch, or anything unexpected. */
  failure: 1,
  /** Bad command line: unknown flag, missing argument, bad value. Nothing was done. */
  usage: 2,
  /** Not found: the app, digest, file, or the running local stack. */
  notFound: 3,
  /** Conflict: Marathon has a deployment in progress (retry later, or --force). */
  conflict: 4,
  /** The bundle is invalid (locally, or rejected by the deploy function). */
  invalid: 5,
  /** Timed out waiting (for the deploy outcome, the app). */
  timeout: 6,
} as const;

type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the person at the terminal: `message` says what went wrong, `hint` what to do about it. */
class CliError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    exitCode: ExitCode,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details;
  }
}

class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super('CLI_USAGE', EXIT.usage, message, hint === undefined ? {} : { hint });
    this.name = 'UsageError';
  }
}

export type { ExitCode };
export { CliError, EXIT, UsageError };
