/** Bad input to the observability helpers (e.g. an app id a query cannot be built from). */
class ObservabilityInputError extends Error {
  readonly code: 'INVALID_APP_ID';

  constructor(code: 'INVALID_APP_ID', message: string) {
    super(message);
    this.name = 'ObservabilityInputError';
    this.code = code;
  }
}

export { ObservabilityInputError };
