import { isIPv6 } from 'node:net';
import type { Dispatcher } from 'undici';
import { createDispatcher, type HttpTimeouts, requestJson } from '../http/request.ts';
import { AgentStatisticsSchema, type ExecutorStatistics, type MesosAgent, MesosAgentListSchema } from './schemas.ts';

interface MesosClientOptions {
  /** A Mesos master, e.g. `http://mesos.internal:5050`; a 307 to the leading master is followed. */
  masterUrl: string;
  /** `user:password` (HTTP basic), sent to the master and agents. */
  credentials?: string | undefined;
  timeouts: HttpTimeouts;
  /** Sockets per agent. **Default:** 1 (an agent serves statistics at 2 req/s: more sockets only queue) */
  connectionsPerAgent?: number;
  /** For the master (follows redirects). **Default:** a new Agent following up to 3 redirects */
  dispatcher?: Dispatcher;
  /**
   * For agents. Never follows redirects: the agent's URL must come from the master's answer, and an agent's 3xx
   * must not send us elsewhere. **Default:** a new Agent without redirects (or `dispatcher` when only that is given)
   */
  agentDispatcher?: Dispatcher;
}

/** The agent's statistics URL, from the master's answer only. */
function agentStatisticsUrl(agent: Pick<MesosAgent, 'hostname' | 'port'>): URL {
  const host = isIPv6(agent.hostname) ? `[${agent.hostname}]` : agent.hostname;
  return new URL(`http://${host}:${agent.port}/monitor/statistics.json`);
}

/** Reads the Mesos master's agent list and each agent's per-executor statistics. */
class MesosClient {
  readonly #masterUrl: URL;
  readonly #headers: Record<string, string>;
  readonly #timeouts: HttpTimeouts;
  readonly #dispatcher: Dispatcher;
  readonly #agentDispatcher: Dispatcher;
  /** Dispatchers this client created (injected ones belong to the caller). */
  readonly #owned: Dispatcher[] = [];

  constructor(options: MesosClientOptions) {
    this.#masterUrl = new URL(options.masterUrl.endsWith('/') ? options.masterUrl : `${options.masterUrl}/`);
    this.#headers = options.credentials
      ? { authorization: `Basic ${Buffer.from(options.credentials).toString('base64')}` }
      : {};
    this.#timeouts = options.timeouts;
    const connections = options.connectionsPerAgent ?? 1;
    this.#dispatcher =
      options.dispatcher ?? this.#own(createDispatcher({ ...options.timeouts, connections, maxRedirections: 3 }));
    this.#agentDispatcher =
      options.agentDispatcher ??
      options.dispatcher ??
      this.#own(createDispatcher({ ...options.timeouts, connections }));
  }

  /** Closes the connections this client opened (keep-alive sockets to the master and every agent). */
  async close(): Promise<void> {
    await Promise.all(this.#owned.splice(0).map((dispatcher) => dispatcher.close()));
  }

  #own(dispatcher: Dispatcher): Dispatcher {
    this.#owned.push(dispatcher);
    return dispatcher;
  }

  /** GET /master/slaves, all agents (filter on `active` yourself). */
  async listAgents(options: { signal?: AbortSignal | undefined } = {}): Promise<MesosAgent[]> {
    const { data } = await requestJson({
      service: 'mesos-master',
      url: new URL('master/slaves', this.#masterUrl),
      headers: this.#headers,
      dispatcher: this.#dispatcher,
      timeouts: this.#timeouts,
      signal: options.signal,
      schema: MesosAgentListSchema,
    });
    return data.slaves;
  }

  /** GET http://<agent>/monitor/statistics.json. */
  async agentStatistics(
    agent: Pick<MesosAgent, 'hostname' | 'port'>,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<ExecutorStatistics[]> {
    const { data } = await requestJson({
      service: 'mesos-agent',
      url: agentStatisticsUrl(agent),
      headers: this.#headers,
      dispatcher: this.#agentDispatcher,
      timeouts: this.#timeouts,
      signal: options.signal,
      schema: AgentStatisticsSchema,
    });
    return data;
  }
}

export type { MesosClientOptions };
export { agentStatisticsUrl, MesosClient };
