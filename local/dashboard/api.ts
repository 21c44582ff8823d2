import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { HttpError } from '#shared/http/index.ts';
import {
  type MarathonClient,
  MarathonDeploymentLockedError,
  MarathonInvalidAppError,
  normalizeAppId,
} from '#shared/marathon/index.ts';
import type { MesosClient } from '#shared/mesos/index.ts';
import { listAgentViews, listAppViews } from './cluster-view.ts';
import { type DecisionLog, filterDecisions, parseSince } from './decision-log.ts';
import { readHistory } from './deploy-history.ts';
import { DashboardApiError } from './errors.ts';
import { buildSeries } from './series.ts';

/** Stops or restarts an agent, e.g. the stand-in's `stopAgent` / `startAgent`. */
interface AgentControl {
  stop(agentId: string): Promise<unknown>;
  start(agentId: string): Promise<unknown>;
}

interface ApiDeps {
  marathon: MarathonClient;
  mesos: MesosClient;
  s3: S3Client;
  bucket: string;
  decisions: DecisionLog;
  agentControl?: AgentControl | undefined;
  refreshMs: number;
}

interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (POST only); `undefined` when there was none. */
  body: unknown;
  signal: AbortSignal;
}

const ScaleBodySchema = z.object({ instances: z.number().int().min(0).max(1_000) });
const DECISION_LIMIT = 500;

/** The app id in a path segment: `/api/apps/shop%2Fapi/scale` → `/shop/api`. */
function appIdFrom(segment: string): string {
  return normalizeAppId(decodeURIComponent(segment));
}

async function scale(deps: ApiDeps, appId: string, body: unknown, signal: AbortSignal) {
  const parsed = ScaleBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new DashboardApiError(400, 'BAD_REQUEST', 'send {"instances": n} with n a whole number from 0 to 1000');
  }
  try {
    // No force: a running deployment wins, as with the CLI's `scale`; the user sees Marathon's reason.
    const result = await deps.marathon.scaleApp(appId, parsed.data.instances, { signal });
    return { appId, instances: parsed.data.instances, ...result };
  } catch (error) {
    if (error instanceof MarathonDeploymentLockedError) {
      throw new DashboardApiError(409, error.code, error.message, { cause: error, details: error.deploymentIds });
    }
    if (error instanceof MarathonInvalidAppError) {
      throw new DashboardApiError(422, error.code, error.message, { cause: error, details: error.details });
    }
    throw error;
  }
}

async function controlAgent(deps: ApiDeps, agentId: string, verb: 'stop' | 'start') {
  if (!deps.agentControl) {
    throw new DashboardApiError(
      501,
      'AGENT_CONTROL_UNAVAILABLE',
      'Stopping and starting agents needs the local stand-in: this dashboard was started without an agent hook',
    );
  }
  try {
    await deps.agentControl[verb](agentId);
  } catch (error) {
    throw new DashboardApiError(409, 'AGENT_CONTROL_FAILED', `could not ${verb} agent ${agentId}: ${String(error)}`, {
      cause: error,
    });
  }
  return { agentId, action: verb };
}

function sinceFrom(query: URLSearchParams): number | undefined {
  const since = query.get('since');
  const sinceMs = since ? parseSince(since) : undefined;
  if (since && sinceMs === undefined) {
    throw new DashboardApiError(400, 'BAD_REQUEST', 'since: give an ISO time, epoch ms or a duration like 15m');
  }
  return sinceMs;
}

async function decisionsFor(deps: ApiDeps, query: URLSearchParams) {
  const sinceMs = sinceFrom(query);
  const all = await deps.decisions.read();
  const matching = filterDecisions(all, { appId: query.get('app') ?? undefined, sinceMs });
  const limit = Math.min(Number(query.get('limit')) || DECISION_LIMIT, DECISION_LIMIT);
  return { decisions: matching.slice(-limit) };
}

async function seriesFor(deps: ApiDeps, appId: string, query: URLSearchParams, signal: AbortSignal) {
  const sinceMs = sinceFrom(query);
  const [all, app] = await Promise.all([deps.decisions.read(), deps.marathon.getApp(appId, { signal })]);
  const now = app ? { t: Date.now(), instances: app.instances } : undefined;
  return buildSeries(appId, filterDecisions(all, { appId, sinceMs }), now);
}

type Route = [method: string, pattern: RegExp, run: (deps: ApiDeps, req: ApiRequest, params: string[]) => unknown];

const ROUTES: readonly Route[] = [
  ['GET', /^\/api\/config$/, (deps) => ({ agentControl: Boolean(deps.agentControl), refreshMs: deps.refreshMs })],
  ['GET', /^\/api\/apps$/, async (deps, req) => ({ apps: await listAppViews(deps.marathon, req.signal) })],
  [
    'GET',
    /^\/api\/agents$/,
    async (deps, req) => ({ agents: await listAgentViews(deps.mesos, deps.marathon, req.signal) }),
  ],
  ['GET', /^\/api\/decisions$/, (deps, req) => decisionsFor(deps, req.query)],
  ['GET', /^\/api\/history\/([^/]+)$/, (deps, _req, [id = '']) => readHistory(deps.s3, deps.bucket, appIdFrom(id))],
  ['GET', /^\/api\/series\/([^/]+)$/, (deps, req, [id = '']) => seriesFor(deps, appIdFrom(id), req.query, req.signal)],
  ['POST', /^\/api\/apps\/([^/]+)\/scale$/, (deps, req, [id = '']) => scale(deps, appIdFrom(id), req.body, req.signal)],
  [
    'POST',
    /^\/api\/agents\/([^/]+)\/(stop|start)$/,
    (deps, _req, [id = '', verb]) => controlAgent(deps, decodeURIComponent(id), verb === 'stop' ? 'stop' : 'start'),
  ],
];

/** Routes one API request; throws DashboardApiError for answers other than 200. */
async function handleApi(deps: ApiDeps, req: ApiRequest): Promise<unknown> {
  for (const [method, pattern, run] of ROUTES) {
    const match = pattern.exec(req.path);
    if (match && method === req.method) return run(deps, req, match.slice(1));
  }
  throw new DashboardApiError(404, 'NOT_FOUND', `no API route ${req.method} ${req.path}`);
}

/** Maps any error to the JSON error answer: our own codes as they are, upstream failures as 502. */
function toErrorAnswer(error: unknown): { statusCode: number; body: { error: Record<string, unknown> } } {
  if (error instanceof DashboardApiError) {
    return {
      statusCode: error.statusCode,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  if (error instanceof HttpError) {
    return { statusCode: 502, body: { error: { code: error.code, service: error.service, message: error.message } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  return { statusCode: 500, body: { error: { code: typeof code === 'string' ? code : 'INTERNAL', message } } };
}

export type { AgentControl, ApiDeps, ApiRequest };
export { handleApi, toErrorAnswer };
