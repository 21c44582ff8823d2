import { Agent, type Dispatcher, errors, interceptors, request } from 'undici';
import type { z } from 'zod';
import type { Config } from '../config/config.ts';
import { HttpError, HttpNetworkError, HttpResponseError, HttpStatusError, HttpTimeoutError } from './errors.ts';

/** One budget per phase, as undici splits them. undici's own defaults (10 s / 300 s / 300 s) outlive a Lambda. */
interface HttpTimeouts {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** The HTTP_* budgets of the configuration, in the shape the clients take. */
function httpTimeouts(
  config: Pick<Config, 'HTTP_CONNECT_TIMEOUT_MS' | 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_BODY_TIMEOUT_MS'>,
): HttpTimeouts {
  return {
    connectTimeoutMs: config.HTTP_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: config.HTTP_BODY_TIMEOUT_MS,
  };
}

interface DispatcherOptions extends HttpTimeouts {
  /** Sockets per origin. **Default:** 8 */
  connections?: number;
  /** Follow this many redirects (the Mesos master answers 307 to its leader). **Default:** 0 */
  maxRedirections?: number;
}

function createDispatcher(options: DispatcherOptions): Dispatcher {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    connections: options.connections ?? 8,
  });
  const maxRedirections = options.maxRedirections ?? 0;
  return maxRedirections > 0 ? agent.compose(interceptors.redirect({ maxRedirections })) : agent;
}

type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

interface JsonRequest<T> {
  /** Names the upstream in errors and logs, e.g. 'marathon'. */
  service: string;
  url: string | URL;
  method?: HttpMethod;
  /** Serialised as JSON when present. */
  body?: unknown;
  headers?: Record<string, string>;
  dispatcher: Dispatcher;
  timeouts: HttpTimeouts;
  /** Fires at the invocation deadline; see {@link deadlineSignal}. */
  signal?: AbortSignal;
  schema: z.ZodType<T>;
  /** Refuse bodies larger than this. **Default:** 16 MiB */
  maxBodyBytes?: number;
}

interface JsonResponse<T> {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
}

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Sends one request and returns the validated JSON body, or throws an {@link HttpError} subclass:
 * status outside 2xx, a timeout naming its phase, a network failure, or a body that is not the expected JSON.
 */
async function requestJson<T>(req: JsonRequest<T>): Promise<JsonResponse<T>> {
  const url = req.url.toString();
  const where = { service: req.service, url };
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  try {
    const response = await request(url, {
      method: req.method ?? 'GET',
      headers,
      body,
      dispatcher: req.dispatcher,
      signal: req.signal,
    });
    const text = await readText(response.body, req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, where);
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new HttpStatusError({ ...where, statusCode: response.statusCode, body: text });
    }
    return { statusCode: response.statusCode, headers: response.headers, data: parseBody(text, req.schema, where) };
  } catch (error) {
    throw toHttpError(error, where, req);
  }
}

async function readText(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  where: { service: string; url: string },
) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new HttpResponseError({ ...where, problems: [`body is larger than ${maxBytes} bytes`] });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody<T>(text: string, schema: z.ZodType<T>, where: { service: string; url: string }): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const preview = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
    throw new HttpResponseError(
      { ...where, problems: [`body is not JSON (starts with "${preview}")`] },
      { cause: error },
    );
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${describePath(json, issue.path)}: ${issue.message}`);
    throw new HttpResponseError({ ...where, problems }, { cause: result.error });
  }
  return result.data;
}

/**
 * A zod issue path with the id of each array element on the way (`apps.3(/rest_app).cpus`), so an error names
 * the app or executor with the bad field rather than only its index.
 */
function describePath(json: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = json;
  const parts: string[] = [];
  for (const key of path) {
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    let part = String(key);
    if (typeof key === 'number' && node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const id = record.id ?? record.executor_id;
      if (typeof id === 'string') part += `(${id.slice(0, 120)})`;
    }
    parts.push(part);
  }
  return parts.join('.') || '(body)';
}

function toHttpError(error: unknown, where: { service: string; url: string }, req: JsonRequest<unknown>): HttpError {
  if (error instanceof HttpError) return error;
  if (req.signal?.aborted) return new HttpTimeoutError({ ...where, phase: 'deadline' }, { cause: error });
  if (error instanceof errors.ConnectTimeoutError) {
    return new HttpTimeoutError(
      { ...where, phase: 'connect', timeoutMs: req.timeouts.connectTimeoutMs },
      { cause: error },
    );
  }
  if (error instanceof errors.HeadersTimeoutError) {
    return new HttpTimeoutError(
      { ...where, phase: 'headers', timeoutMs: req.timeouts.headersTimeoutMs },
      { cause: error },
    );
  }
  if (error instanceof errors.BodyTimeoutError) {
    return new HttpTimeoutError({ ...where, phase: 'body', timeoutMs: req.timeouts.bodyTimeoutMs }, { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  const reason =
    error instanceof Error ? `${typeof code === 'string' ? `${code}: ` : ''}${error.message}` : String(error);
  return new HttpNetworkError({ ...where, reason }, { cause: error });
}

/** An AbortSignal that fires `marginMs` before the Lambda invocation's deadline. */
function deadlineSignal(context: { getRemainingTimeInMillis(): number }, marginMs: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, context.getRemainingTimeInMillis() - marginMs));
}

export type { DispatcherOptions, HttpMethod, HttpTimeouts, JsonRequest, JsonResponse };
export { createDispatcher, deadlineSignal, httpTimeouts, requestJson };
