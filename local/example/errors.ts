/** Errors of the example-bundle selection. Branch on `code`, never on the message. */
class ExampleBundleError extends Error {
  readonly code: string;

  constructor(
    code: 'EXAMPLE_NO_PYTHON' | 'EXAMPLE_BUILD_FAILED' | 'EXAMPLE_UNAVAILABLE' | 'EXAMPLE_BAD_ARCHIVE',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ExampleBundleError';
    this.code = code;
  }
}

export { ExampleBundleError };
