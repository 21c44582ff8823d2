/** Errors of the loopback load generator. Branch on `code`, never on the message. */
class LoadError extends Error {
  readonly code: string = 'LOAD_ERROR';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LoadError';
  }
}

/** The target is not on this machine's loopback: nothing was sent. */
class LoadTargetError extends LoadError {
  override readonly code = 'LOAD_NON_LOOPBACK';
  readonly url: string;

  constructor(url: string, reason: string, options?: ErrorOptions) {
    super(
      `refusing to send load to ${url}: ${reason}. ` +
        'The load generator only targets loopback (127.0.0.0/8, ::1, localhost); no request was sent',
      options,
    );
    this.name = 'LoadTargetError';
    this.url = url;
  }
}

/** The options are outside the generator's bounds (rate, duration, concurrency). */
class LoadOptionsError extends LoadError {
  override readonly code = 'LOAD_BAD_OPTIONS';
  readonly problems: string[];

  constructor(problems: string[], options?: ErrorOptions) {
    super(`invalid load options: ${problems.join('; ')}`, options);
    this.name = 'LoadOptionsError';
    this.problems = problems;
  }
}

export { LoadError, LoadOptionsError, LoadTargetError };
