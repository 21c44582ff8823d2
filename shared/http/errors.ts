/**
 * Errors of every outbound HTTP call (Marathon, Mesos master, Mesos agents).
 * Branch on `code`, never on the message. `service` names the upstream ('marathon', 'mesos-master', 'mesos-agent').
 */
class HttpError extends Error {
  readonly code: string = 'HTTP_ERROR';
  readonly service: string;
  readonly url: string;

  constructor(message: string, details: { service: string; url: string }, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HttpError';
    this.service = details.service;
    this.url = details.url;
  }

  /** True when the same request may succeed if sent again (network trouble, timeouts, 5xx, 429). */
  get retryable(): boolean {
    return false;
  }
}

const MAX_BODY_IN_ERROR = 2_048;

/** The upstream answered with a status outside 2xx. `body` is the (truncated) text, `json` its parse if any. */
class HttpStatusError extends HttpError {
  override readonly code = 'HTTP_STATUS';
  readonly statusCode: number;
  readonly body: string;
  readonly json: unknown;

  constructor(details: { service: string; url: string; statusCode: number; body: string }) {
    const body =
      details.body.length > MAX_BODY_IN_ERROR ? `${details.body.slice(0, MAX_BODY_IN_ERROR)}…` : details.body;
    super(`${details.service} answered HTTP ${details.statusCode} for ${details.url}: ${body.slice(0, 300)}`, details);
    this.name = 'HttpStatusError';
    this.statusCode = details.statusCode;
    this.body = body;
    this.json = tryParseJson(details.body);
  }

  override get retryable(): boolean {
    return this.statusCode >= 500 || this.statusCode === 429;
  }
}

/** A phase of the request outlived its budget (connect, headers, body, or the invocation deadline). */
class HttpTimeoutError extends HttpError {
  override readonly code = 'HTTP_TIMEOUT';
  readonly phase: 'connect' | 'headers' | 'body' | 'deadline';

  constructor(
    details: { service: string; url: string; phase: HttpTimeoutError['phase']; timeoutMs?: number },
    options?: ErrorOptions,
  ) {
    const budget = details.timeoutMs === undefined ? '' : ` after ${details.timeoutMs} ms`;
    super(
      `${details.service} did not answer in time (${details.phase} timeout${budget}) for ${details.url}`,
      details,
      options,
    );
    this.name = 'HttpTimeoutError';
    this.phase = details.phase;
  }

  override get retryable(): boolean {
    return this.phase !== 'deadline';
  }
}

/** The connection failed (refused, reset, DNS). */
class HttpNetworkError extends HttpError {
  override readonly code = 'HTTP_NETWORK';

  constructor(details: { service: string; url: string; reason: string }, options?: ErrorOptions) {
    super(`cannot reach ${details.service} at ${details.url}: ${details.reason}`, details, options);
    this.name = 'HttpNetworkError';
  }

  override get retryable(): boolean {
    return true;
  }
}

/** The upstream answered 2xx, but the body is not JSON or does not have the shape we rely on. */
class HttpResponseError extends HttpError {
  override readonly code = 'HTTP_BAD_RESPONSE';
  readonly problems: readonly string[];

  constructor(details: { service: string; url: string; problems: readonly string[] }, options?: ErrorOptions) {
    super(
      `${details.service} sent an unexpected response from ${details.url}: ${details.problems.join('; ')}`,
      details,
      options,
    );
    this.name = 'HttpResponseError';
    this.problems = details.problems;
  }
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { HttpError, HttpNetworkError, HttpResponseError, HttpStatusError, HttpTimeoutError };
