import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { HttpStatusError } from '../http/errors.ts';
import { createDispatcher, type HttpMethod, type HttpTimeouts, requestJson } from '../http/request.ts';
import { fromStatusError } from './errors.ts';
import {
  type Deployment,
  DeploymentListSchema,
  type DeploymentResult,
  DeploymentResultSchema,
  type MarathonApp,
  MarathonAppListSchema,
  MarathonAppResponseSchema,
  type MarathonAppUpdate,
  type MarathonTask,
  MarathonTaskListSchema,
} from './schemas.ts';

interface MarathonClientOptions {
  /** e.g. `http://marathon.internal:8080`. */
  baseUrl: string;
  /** `user:password` (HTTP basic) or `token:<value>` (bearer). Sent only to `baseUrl`'s origin. */
  credentials?: string | undefined;
  timeouts: HttpTimeouts;
  /** Share one across clients, or inject undici's MockAgent in tests. **Default:** a new Agent */
  dispatcher?: Dispatcher;
}

interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Marathon app ids are absolute paths; accept `rest_app` and `/rest_app` alike. */
function normalizeAppId(appId: string): string {
  return `/${appId.replace(/^\/+/, '').replace(/\/+$/, '')}`;
}

function authorizationHeader(credentials: string | undefined): Record<string, string> {
  if (!credentials) return {};
  if (credentials.startsWith('token:')) return { authorization: `Bearer ${credentials.slice('token:'.length)}` };
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** The Marathon REST API v2 calls the product makes, with validated answers and typed errors. */
class MarathonClient {
  readonly #baseUrl: URL;
  readonly #headers: Record<string, string>;
  readonly #timeouts: HttpTimeouts;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(options: MarathonClientOptions) {
    this.#baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.#headers = authorizationHeader(options.credentials);
    this.#timeouts = options.timeouts;
    this.#dispatcher = options.dispatcher ?? createDispatcher(options.timeouts);
    this.#ownsDispatcher = options.dispatcher === undefined;
  }

  /** Closes the connections of the dispatcher this client created (not of an injected one). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /** GET /v2/apps, with each app's tasks when `embedTasks`. */
  async listApps(options: CallOptions & { embedTasks?: boolean } = {}): Promise<MarathonApp[]> {
    const query = options.embedTasks ? '?embed=apps.tasks' : '';
    const { data } = await this.#call('GET', `v2/apps${query}`, MarathonAppListSchema, options);
    return data.apps;
  }

  /** GET /v2/apps/{id}; `undefined` when Marathon does not know the app. */
  async getApp(appId: string, options: CallOptions = {}): Promise<MarathonApp | undefined> {
    try {
      const { data } = await this.#call('GET', `v2/apps${normalizeAppId(appId)}`, MarathonAppResponseSchema, options);
      return data.app;
    } catch (error) {
      if (error instanceof HttpStatusError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** GET /v2/apps/{id}/tasks. */
  async listTasks(appId: string, options: CallOptions = {}): Promise<MarathonTask[]> {
    const { data } = await this.#call('GET', `v2/apps${normalizeAppId(appId)}/tasks`, MarathonTaskListSchema, options);
    return data.tasks;
  }

  /**
   * PUT /v2/apps/{id}: creates or updates the app. Throws MarathonDeploymentLockedError on 409
   * and MarathonInvalidAppError on 422.
   */
  async putApp(
    appId: string,
    update: MarathonAppUpdate,
    options: CallOptions & { force?: boolean } = {},
  ): Promise<DeploymentResult> {
    const id = normalizeAppId(appId);
    const query = options.force ? '?force=true' : '';
    try {
      const { data } = await this.#call('PUT', `v2/apps${id}${query}`, DeploymentResultSchema, options, update);
      return data;
    } catch (error) {
      throw error instanceof HttpStatusError ? fromStatusError(error, id) : error;
    }
  }

  /** The seed's manual scale: PUT /v2/apps/{id} `{"instances": n}`. */
  scaleApp(
    appId: string,
    instances: number,
    options: CallOptions & { force?: boolean } = {},
  ): Promise<DeploymentResult> {
    return this.putApp(appId, { instances }, options);
  }

  /** DELETE /v2/apps/{id}; `force` overrides a running deployment's lock. */
  async deleteApp(appId: string, options: CallOptions & { force?: boolean } = {}): Promise<DeploymentResult> {
    const id = normalizeAppId(appId);
    const query = options.force ? '?force=true' : '';
    try {
      const { data } = await this.#call('DELETE', `v2/apps${id}${query}`, DeploymentResultSchema, options);
      return data;
    } catch (error) {
      throw error instanceof HttpStatusError ? fromStatusError(error, id) : error;
    }
  }

  /** GET /v2/deployments: the deployments still running. */
  async listDeployments(options: CallOptions = {}): Promise<Deployment[]> {
    const { data } = await this.#call('GET', 'v2/deployments', DeploymentListSchema, options);
    return data;
  }

  #call<T>(method: HttpMethod, path: string, schema: z.ZodType<T>, options: CallOptions, body?: unknown) {
    return requestJson({
      service: 'marathon',
      url: new URL(path, this.#baseUrl),
      method,
      body,
      headers: this.#headers,
      dispatcher: this.#dispatcher,
      timeouts: this.#timeouts,
      signal: options.signal,
      schema,
    });
  }
}

export type { CallOptions, MarathonClientOptions };
export { MarathonClient, normalizeAppId };
