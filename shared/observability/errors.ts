type ObservabilityErrorCode = 'INVALID_APP_ID';
type InsightsQueryErrorCode = 'INSIGHTS_QUERY_FAILED' | 'INSIGHTS_QUERY_TIMEOUT';

/** Bad input to the observability helpers (e.g. an app id a query cannot be built from). */
class ObservabilityInputError extends Error {
  readonly code: ObservabilityErrorCode;

  constructor(code: ObservabilityErrorCode, message: string) {
    super(message);
    this.name = 'ObservabilityInputError';
    this.code = code;
  }
}

/** A Logs Insights query that failed, was cancelled or did not finish in time. */
class InsightsQueryError extends Error {
  readonly code: InsightsQueryErrorCode;

  constructor(code: InsightsQueryErrorCode, message: string) {
    super(message);
    this.name = 'InsightsQueryError';
    this.code = code;
  }
}

export { InsightsQueryError, ObservabilityInputError };
