import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClusterApiError } from './errors.ts';
import { isAuthorized, readBody, sendJson, sendText, sendUnauthorized } from './http-util.ts';
import { FRAMEWORK_ID } from './ids.ts';
import type { MarathonService } from './marathon-service.ts';

interface MarathonApiOptions {
  service: MarathonService;
  /** `user:password` or `token:<value>`; unset = no auth (Marathon's default). */
  credentials?: string | undefined;
  /** Base URL of this server, for /v2/info and Location headers. */
  baseUrl: () => string;
  mesosMasterUrl: () => string;
}

const MARATHON_VERSION = '1.11.24';

function infoJson(options: MarathonApiOptions): Record<string, unknown> {
  const base = new URL(options.baseUrl());
  return {
    name: 'marathon',
    version: MARATHON_VERSION,
    buildref: 'local-cluster',
    elected: true,
    leader: base.host,
    frameworkId: FRAMEWORK_ID,
    marathon_config: {
      checkpoint: true,
      executor: '//cmd',
      failover_timeout: 604800,
      features: [],
      framework_name: 'marathon',
      ha: false,
      hostname: base.hostname,
      master: options.mesosMasterUrl(),
      mesos_leader_ui_url: `${options.mesosMasterUrl()}/`,
      mesos_role: '*',
      mesos_user: 'nobody',
      webui_url: base.origin,
    },
    zookeeper_config: {},
    http_config: { http_port: Number(base.port), https_port: 8443 },
  };
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ClusterApiError(400, {
      message: 'Invalid JSON',
      details: [{ path: '/', errors: ['error.invalid.json'] }],
    });
  }
}

/** Splits `/v2/apps/<id...>[/tasks[/<taskId>]]`; nested ids keep their slashes. */
function appPath(rest: string): { appId: string; tasks: boolean; taskId?: string } {
  const match = /^(.*?)\/tasks(?:\/([^/]+))?\/?$/.exec(rest);
  if (match) return { appId: match[1] ?? '', tasks: true, ...(match[2] ? { taskId: match[2] } : {}) };
  return { appId: rest.replace(/\/+$/, ''), tasks: false };
}

/** Routes Marathon's REST API v2 (the endpoints the product uses, and a few neighbours) to the service. */
function marathonHandler(options: MarathonApiOptions) {
  const { service } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://marathon');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const force = url.searchParams.get('force') === 'true';
    try {
      if (path === '/ping') return sendText(res, 200, 'pong');
      if (!isAuthorized(req, options.credentials)) return sendUnauthorized(res, 'Mesosphere');
      if (path === '/v2/info' && method === 'GET') return sendJson(res, 200, infoJson(options));
      if (path === '/v2/leader' && method === 'GET') {
        return sendJson(res, 200, { leader: new URL(options.baseUrl()).host });
      }
      if (path === '/v2/deployments' && method === 'GET') return sendJson(res, 200, service.deployments());
      if (path === '/v2/queue' && method === 'GET') return sendJson(res, 200, { queue: service.queue() });
      if (path === '/v2/tasks' && method === 'GET') return sendJson(res, 200, { tasks: service.allTasks() });
      if (path === '/v2/apps' || path === '/v2/apps/') {
        if (method === 'GET') {
          const embed = url.searchParams.getAll('embed');
          const apps = service.listApps(
            embed.includes('apps.tasks'),
            url.searchParams.get('id') ?? undefined,
            url.searchParams.get('label') ?? undefined,
          );
          return sendJson(res, 200, { apps });
        }
        if (method === 'POST') {
          const app = service.create(await jsonBody(req));
          return sendJson(res, 201, app, { location: `${options.baseUrl()}/v2/apps${app.id}` });
        }
      }
      if (path.startsWith('/v2/apps/')) {
        const target = appPath(path.slice('/v2/apps'.length));
        if (target.tasks && target.taskId && method === 'DELETE') {
          const scale = url.searchParams.get('scale') === 'true';
          return sendJson(res, 200, { task: service.killTask(target.appId, target.taskId, scale) });
        }
        if (target.tasks && method === 'GET') return sendJson(res, 200, { tasks: service.appTasks(target.appId) });
        if (!target.tasks && method === 'GET') return sendJson(res, 200, { app: service.getApp(target.appId) });
        if (!target.tasks && method === 'PUT') {
          const { created, result } = service.put(target.appId, await jsonBody(req), force);
          return sendJson(res, created ? 201 : 200, result);
        }
        if (!target.tasks && method === 'DELETE') return sendJson(res, 200, service.remove(target.appId, force));
      }
      return sendJson(res, 404, { message: `The requested resource ${path} was not found.` });
    } catch (error) {
      if (error instanceof ClusterApiError) return sendJson(res, error.statusCode, error.body);
      return sendJson(res, 500, { message: error instanceof Error ? error.message : String(error) });
    }
  };
}

export type { MarathonApiOptions };
export { appPath, MARATHON_VERSION, marathonHandler };
