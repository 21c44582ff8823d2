import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startTestServer, type TestServer } from './http-server.ts';

interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

/** Scripted answers for the next PUTs, e.g. two 409s then the normal 200. */
type PutAnswer = { status: 409 } | { status: 422; details: { path: string; errors: string[] }[] } | { status: 503 };

interface FakeMarathon extends TestServer {
  apps: Map<string, Record<string, unknown>>;
  requests: RecordedRequest[];
  puts(): RecordedRequest[];
  /** Answers queued for the next PUTs; when empty PUTs succeed. */
  script: PutAnswer[];
  /** The next this-many GETs of an app answer 503. */
  failGets: number;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * A loopback stand-in for Marathon's /v2/apps with PUT's partial-update semantics (fields left out are kept),
 * for tests that check what the deploy function sends rather than what a cluster runs.
 */
async function startFakeMarathon(): Promise<FakeMarathon> {
  const apps = new Map<string, Record<string, unknown>>();
  const requests: RecordedRequest[] = [];
  const script: PutAnswer[] = [];
  const server = await startTestServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path: url.pathname, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const id = url.pathname.replace(/^\/v2\/apps/, '');
      if (req.method === 'GET' && url.pathname.startsWith('/v2/apps/')) {
        if (fake.failGets > 0) {
          fake.failGets -= 1;
          return send(503, { message: 'leader unavailable' });
        }
        const app = apps.get(id);
        return app ? send(200, { app }) : send(404, { message: `App '${id}' does not exist` });
      }
      if (req.method === 'PUT' && url.pathname.startsWith('/v2/apps/')) {
        const answer = script.shift();
        if (answer?.status === 409) {
          return send(409, { message: 'App is locked by one or more deployments.', deployments: [{ id: 'd-1' }] });
        }
        if (answer?.status === 422) return send(422, { message: 'Object is not valid', details: answer.details });
        if (answer?.status === 503) return send(503, { message: 'leader unavailable' });
        const previous = apps.get(id) ?? { instances: 1, cpus: 1, mem: 128 };
        const version = new Date().toISOString();
        apps.set(id, { ...previous, ...(body as Record<string, unknown>), id, version });
        return send(200, { deploymentId: randomUUID(), version });
      }
      send(404, { message: 'not found' });
    })();
  });
  const fake: FakeMarathon = {
    ...server,
    apps,
    requests,
    script,
    failGets: 0,
    puts: () => requests.filter((r) => r.method === 'PUT'),
  };
  return fake;
}

export type { FakeMarathon, PutAnswer, RecordedRequest };
export { startFakeMarathon };
