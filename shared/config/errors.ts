/** Raised once at cold start when the environment does not describe a usable configuration. */
class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  /** One entry per bad key, e.g. `MARATHON_URL: Invalid URL`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}. Fix the environment variables listed; defaults are documented in README.md#configuration.`,
      options,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export { ConfigError };
