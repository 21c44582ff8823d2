/**
 * Errors of the collect cycle. Branch on `code`, never on the message.
 */
class CollectError extends Error {
  readonly code: string = 'COLLECT_ERROR';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CollectError';
  }
}

/** AGENT_ALLOWED_CIDRS holds an entry that is not `address/prefix`. */
class CidrConfigError extends CollectError {
  override readonly code = 'COLLECT_BAD_CIDR';
  readonly entry: string;

  constructor(entry: string, reason: string) {
    super(`AGENT_ALLOWED_CIDRS entry "${entry}" is invalid: ${reason}`);
    this.name = 'CidrConfigError';
    this.entry = entry;
  }
}

/** The stored counters object could not be read or written (S3 trouble other than "not there yet"). */
class CounterStoreError extends CollectError {
  override readonly code = 'COLLECT_COUNTER_STORE';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CounterStoreError';
  }
}

/** The invocation event is neither a valid EventBridge scheduled event nor a manual `{ cycleId? }` payload. */
class CollectEventError extends CollectError {
  override readonly code = 'COLLECT_BAD_EVENT';
  readonly problems: string[];

  constructor(problems: string[], options?: ErrorOptions) {
    super(`not a collect event: ${problems.join('; ')}`, options);
    this.name = 'CollectEventError';
    this.problems = problems;
  }
}

export { CidrConfigError, CollectError, CollectEventError, CounterStoreError };
