import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createDispatcher } from '#shared/http/index.ts';
import { MarathonClient } from '#shared/marathon/index.ts';
import { MesosClient } from '#shared/mesos/index.ts';
import { type AgentControl, type ApiDeps, handleApi, toErrorAnswer } from './api.ts';
import { DecisionLog } from './decision-log.ts';
import { DashboardApiError } from './errors.ts';

interface DashboardOptions {
  marathonUrl: string;
  mesosMasterUrl: string;
  /** `user:password` or `token:<value>`, as MARATHON_CREDENTIALS. */
  marathonCredentials?: string | undefined;
  /** `user:password` for the Mesos master and agents. */
  mesosCredentials?: string | undefined;
  /** The bundle bucket the deploy function writes its records to (s3rver locally: path-style). */
  s3: {
    endpoint: string;
    bucket: string;
    forcePathStyle: boolean;
    region?: string;
    /** **Default:** s3rver's static `S3RVER` / `S3RVER` */
    credentials?: { accessKeyId: string; secretAccessKey: string };
  };
  /** Where the local runner writes `<function>.log` (decisions come from `scale.log`). */
  logsDir: string;
  /** Stop / start agents from the page (e.g. the stand-in's stopAgent / startAgent); the buttons are disabled without. */
  agentControl?: AgentControl | undefined;
  /** **Default:** `'127.0.0.1'` (the page can scale apps: keep it off other interfaces) */
  host?: string;
  /** **Default:** 0 (any free port) */
  port?: number;
  /** How often the page polls. **Default:** 2000 */
  refreshMs?: number;
}

interface Dashboard {
  url: string;
  stop(): Promise<void>;
}

const STATIC_DIR = join(import.meta.dirname, 'static');
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/chart.js': { file: 'chart.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
};
/** Nothing but this origin: no CDN, no inline script; works offline by construction. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";
const UPSTREAM_TIMEOUTS = { connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };
const MAX_BODY_BYTES = 16 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DashboardApiError(413, 'BODY_TOO_LARGE', 'request body over 16 KiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new DashboardApiError(400, 'BAD_JSON', 'the request body is not JSON');
  }
}

/**
 * Actions change the cluster: accept them only as JSON (a cross-site form cannot send that without a preflight
 * we never answer) and, when the browser names an origin, only from this page's own.
 */
function checkAction(req: IncomingMessage, ownOrigin: string): void {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new DashboardApiError(415, 'JSON_REQUIRED', 'send actions with content-type: application/json');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== ownOrigin) {
    throw new DashboardApiError(403, 'FOREIGN_ORIGIN', `actions are accepted from ${ownOrigin} only`);
  }
}

function send(res: ServerResponse, statusCode: number, type: string, body: string | Buffer): void {
  res.writeHead(statusCode, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** Serves the dashboard page and its JSON API on loopback. */
async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const [path, { file, type }] of Object.entries(STATIC_FILES)) {
    assets.set(path, { body: await readFile(join(STATIC_DIR, file)), type });
  }
  const s3 = new S3Client({
    endpoint: options.s3.endpoint,
    forcePathStyle: options.s3.forcePathStyle,
    region: options.s3.region ?? 'us-east-1',
    credentials: options.s3.credentials ?? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  // Our own dispatchers, so stop() can close their keep-alive sockets.
  const marathonDispatcher = createDispatcher(UPSTREAM_TIMEOUTS);
  const mesosDispatcher = createDispatcher({ ...UPSTREAM_TIMEOUTS, connections: 1, maxRedirections: 3 });
  const deps: ApiDeps = {
    marathon: new MarathonClient({
      baseUrl: options.marathonUrl,
      credentials: options.marathonCredentials,
      timeouts: UPSTREAM_TIMEOUTS,
      dispatcher: marathonDispatcher,
    }),
    mesos: new MesosClient({
      masterUrl: options.mesosMasterUrl,
      credentials: options.mesosCredentials,
      timeouts: UPSTREAM_TIMEOUTS,
      dispatcher: mesosDispatcher,
    }),
    s3,
    bucket: options.s3.bucket,
    decisions: new DecisionLog(options.logsDir),
    agentControl: options.agentControl,
    refreshMs: options.refreshMs ?? 2_000,
  };
  let ownOrigin = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', ownOrigin);
    const method = req.method ?? 'GET';
    const asset = assets.get(url.pathname === '/index.html' ? '/' : url.pathname);
    if (asset && (method === 'GET' || method === 'HEAD')) return send(res, 200, asset.type, asset.body);
    if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
    const json = 'application/json; charset=utf-8';
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    try {
      if (!url.pathname.startsWith('/api/')) throw new DashboardApiError(404, 'NOT_FOUND', `no page ${url.pathname}`);
      if (method === 'POST') checkAction(req, ownOrigin);
      const body = method === 'POST' ? await readBody(req) : undefined;
      const answer = await handleApi(deps, { method, path: url.pathname, query: url.searchParams, body, signal });
      send(res, 200, json, JSON.stringify(answer));
    } catch (error) {
      const { statusCode, body } = toErrorAnswer(error);
      send(res, statusCode, json, JSON.stringify(body));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(error));
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ownOrigin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    url: `${ownOrigin}/`,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(async () => {
        s3.destroy();
        await Promise.all([marathonDispatcher.close(), mesosDispatcher.close()]);
      });
      return stopped;
    },
  };
}

export type { Dashboard, DashboardOptions };
export { startDashboard };
