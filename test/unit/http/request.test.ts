import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createDispatcher,
  HttpNetworkError,
  HttpResponseError,
  HttpStatusError,
  HttpTimeoutError,
  type JsonRequest,
  requestJson,
  withRetry,
} from '#shared/http/index.ts';
import { startTestServer, type TestServer } from '#test/helpers/http-server.ts';

const timeouts = { connectTimeoutMs: 500, headersTimeoutMs: 300, bodyTimeoutMs: 300 };
const Schema = z.object({ foo: z.string() });
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function call(url: string, overrides: Partial<JsonRequest<z.infer<typeof Schema>>> = {}) {
  return requestJson({
    service: 'test',
    url,
    dispatcher: createDispatcher(timeouts),
    timeouts,
    schema: Schema,
    ...overrides,
  });
}

describe('requestJson', () => {
  it('returns the validated body of a 2xx answer', async () => {
    server = await startTestServer((_req, res) => res.end('{"foo":"bar","extra":1}'));

    const { data, statusCode } = await call(server.url);

    expect(statusCode).toBe(200);
    expect(data).toEqual({ foo: 'bar' });
  });

  it('sends a JSON body with its content type', async () => {
    let received = '';
    let contentType: string | undefined;
    server = await startTestServer((req, res) => {
      contentType = req.headers['content-type'];
      req.on('data', (c) => {
        received += c;
      });
      req.on('end', () => res.end('{"foo":"ok"}'));
    });

    await call(server.url, { method: 'PUT', body: { instances: 3 } });

    expect(JSON.parse(received)).toEqual({ instances: 3 });
    expect(contentType).toBe('application/json');
  });

  it('throws HttpStatusError with status, parsed body and retryability', async () => {
    server = await startTestServer((_req, res) => {
      res.statusCode = 503;
      res.end('{"message":"leader unavailable"}');
    });

    const error = await call(server.url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).statusCode).toBe(503);
    expect((error as HttpStatusError).json).toEqual({ message: 'leader unavailable' });
    expect((error as HttpStatusError).retryable).toBe(true);
  });

  it('names the headers phase when the server never answers', async () => {
    server = await startTestServer(() => {});

    const error = await call(server.url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect((error as HttpTimeoutError).phase).toBe('headers');
    expect((error as HttpTimeoutError).message).toContain('300 ms');
  });

  it('names the body phase when the body stalls mid-way', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"foo":');
    });

    const error = await call(server.url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect((error as HttpTimeoutError).phase).toBe('body');
  });

  it('reports the deadline when the caller signal fires first', async () => {
    server = await startTestServer(() => {});

    const error = await call(server.url, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);

    expect((error as HttpTimeoutError).phase).toBe('deadline');
    expect((error as HttpTimeoutError).retryable).toBe(false);
  });

  it('explains an HTML error page instead of a JSON body', async () => {
    server = await startTestServer((_req, res) => res.end('<html><body>Bad gateway</body></html>'));

    const error = await call(server.url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpResponseError);
    expect((error as Error).message).toContain('not JSON');
    expect((error as Error).message).toContain('<html>');
  });

  it('names the missing field when the shape is wrong', async () => {
    server = await startTestServer((_req, res) => res.end('{"bar":1}'));

    const error = await call(server.url).catch((e: unknown) => e);

    expect((error as HttpResponseError).problems.join()).toContain('foo');
  });

  it('refuses a body over the size limit', async () => {
    server = await startTestServer((_req, res) => res.end(JSON.stringify({ foo: 'x'.repeat(10_000) })));

    const error = await call(server.url, { maxBodyBytes: 1_000 }).catch((e: unknown) => e);

    expect((error as Error).message).toContain('larger than 1000 bytes');
  });

  it('throws a retryable HttpNetworkError when nothing listens', async () => {
    server = await startTestServer(() => {});
    const url = server.url;
    await server.close();
    server = undefined;

    const error = await call(url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpNetworkError);
    expect((error as HttpNetworkError).retryable).toBe(true);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('withRetry', () => {
  it('retries a retryable error and returns the later success', async () => {
    let hits = 0;
    server = await startTestServer((_req, res) => {
      hits++;
      res.statusCode = hits === 1 ? 502 : 200;
      res.end('{"foo":"second"}');
    });
    const url = server.url;

    const { data } = await withRetry(() => call(url), { retries: 1, baseDelayMs: 1 });

    expect(data.foo).toBe('second');
    expect(hits).toBe(2);
  });

  it('does not retry a client error', async () => {
    let hits = 0;
    server = await startTestServer((_req, res) => {
      hits++;
      res.statusCode = 422;
      res.end('{}');
    });
    const url = server.url;

    await expect(withRetry(() => call(url), { retries: 3, baseDelayMs: 1 })).rejects.toBeInstanceOf(HttpStatusError);
    expect(hits).toBe(1);
  });
});
