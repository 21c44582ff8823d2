/** An API answer other than 2xx, with a stable code the page (and scripts) can branch on. */
class DashboardApiError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: unknown;

  constructor(statusCode: number, code: string, message: string, options?: ErrorOptions & { details?: unknown }) {
    super(message, options);
    this.name = 'DashboardApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options?.details;
  }
}

export { DashboardApiError };
