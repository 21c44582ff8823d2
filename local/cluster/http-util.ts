import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started loopback HTTP server. */
interface Listening {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 = any free port). */
async function listen(handler: RequestListener, host: string, port = 0): Promise<Listening> {
  const server = createServer(handler);
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(statusCode, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendText(res: ServerResponse, statusCode: number, text: string): void {
  res.writeHead(statusCode, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request body as text, refusing more than `maxBytes`. */
async function readBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks the Authorization header against `credentials` in the product's format:
 * `user:password` (HTTP basic) or `token:<value>` (bearer). No credentials configured = open.
 */
function isAuthorized(req: IncomingMessage, credentials: string | undefined): boolean {
  if (!credentials) return true;
  const header = req.headers.authorization ?? '';
  if (credentials.startsWith('token:')) return safeEqual(header, `Bearer ${credentials.slice('token:'.length)}`);
  return safeEqual(header, `Basic ${Buffer.from(credentials).toString('base64')}`);
}

function sendUnauthorized(res: ServerResponse, realm: string): void {
  sendJson(res, 401, { message: 'Invalid username or password.' }, { 'www-authenticate': `Basic realm="${realm}"` });
}

export type { Listening };
export { isAuthorized, listen, readBody, sendJson, sendText, sendUnauthorized };
