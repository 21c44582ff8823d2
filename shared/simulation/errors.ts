/**
 * Errors of the backtesting simulator. Branch on `code`; messages say what to fix.
 */
class SimulationError extends Error {
  readonly code: string = 'SIMULATION_ERROR';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulationError';
  }
}

/** A user-supplied trace (CSV or recorded messages) could not be read; `line` is 1-based when known. */
class TraceFormatError extends SimulationError {
  override readonly code = 'TRACE_FORMAT';
  readonly line: number | undefined;

  constructor(message: string, details: { line?: number } = {}, options?: ErrorOptions) {
    super(details.line === undefined ? message : `line ${details.line}: ${message}`, options);
    this.name = 'TraceFormatError';
    this.line = details.line;
  }
}

/** The model or a parameter sweep was given values it cannot run with. */
class SimulationConfigError extends SimulationError {
  override readonly code = 'SIMULATION_CONFIG';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulationConfigError';
  }
}

export { SimulationConfigError, SimulationError, TraceFormatError };
