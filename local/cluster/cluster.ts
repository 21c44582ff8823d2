import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger, type LogLevel } from '#shared/logging/index.ts';
import { type AgentResources, LocalAgent } from './agent.ts';
import { type Listening, listen } from './http-util.ts';
import { MASTER_ID } from './ids.ts';
import { marathonHandler } from './marathon-api.ts';
import { MarathonService } from './marathon-service.ts';
import { masterHandler, standbyMasterHandler } from './master-api.ts';
import type { RateLimiterOptions } from './rate-limiter.ts';

interface ClusterOptions {
  /** Number of agents. **Default:** 3 */
  agents?: number;
  /** Sandboxes go under here. **Default:** a new temp dir, removed by `stop()` */
  dataDir?: string;
  /** Interface every server binds to and the agents' `hostname`. **Default:** '127.0.0.1' */
  host?: string;
  /** Marathon port. **Default:** 0 (any free port) */
  marathonPort?: number;
  /** Mesos master port. **Default:** 0 */
  mesosMasterPort?: number;
  /** `user:password` (basic) or `token:<value>` (bearer) required by Marathon. **Default:** none */
  marathonCredentials?: string;
  /** `user:password` required by the master and agents. **Default:** none */
  mesosCredentials?: string;
  /** Each agent's totals. **Default:** `{ cpus: 4, mem: 4096, disk: 10240 }` */
  agentResources?: Partial<AgentResources>;
  /** Statistics endpoint limit per agent. **Default:** 2 requests per 1000 ms */
  statisticsRateLimit?: RateLimiterOptions;
  /** Also start a non-leading master that answers 307 to the leader. **Default:** false */
  standbyMaster?: boolean;
  /** SIGTERM → SIGKILL delay when killing tasks. **Default:** 2000 */
  killGracePeriodMs?: number;
  /** Environment every task starts from (PATH, HOME…). **Default:** PATH, HOME, LANG, TMPDIR of this process */
  baseEnv?: Record<string, string>;
  /** Task/deployment events as JSON lines on stdout at this level and above. **Default:** 'error' (quiet) */
  logLevel?: LogLevel;
}

interface ClusterAgentInfo {
  id: string;
  url: string;
  hostname: string;
  port: number;
  active: boolean;
}

interface LocalCluster {
  marathonUrl: string;
  mesosMasterUrl: string;
  /** Set when `standbyMaster` was asked for: redirects (307) to `mesosMasterUrl`. */
  standbyMasterUrl?: string;
  dataDir: string;
  readonly agents: ClusterAgentInfo[];
  /** Stops an agent: its tasks are killed and reported lost, it shows `active: false`, Marathon relaunches elsewhere. */
  stopAgent(id: string): Promise<void>;
  /** Restarts a stopped agent (same id), or adds a new one when `id` is omitted. Returns its info. */
  startAgent(id?: string): Promise<ClusterAgentInfo>;
  /** Kills every task process group and closes every server. Idempotent. */
  stop(): Promise<void>;
  /** The in-process Marathon, for white-box tests. */
  marathon: MarathonService;
}

const DEFAULT_RESOURCES: AgentResources = { cpus: 4, mem: 4096, disk: 10240 };

/** What tasks inherit from this process: enough to find `python3`/`node`, nothing secret. */
function defaultBaseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Starts Marathon, a Mesos master (and optional standby) and N agents on loopback ports. */
async function startCluster(options: ClusterOptions = {}): Promise<LocalCluster> {
  const host = options.host ?? '127.0.0.1';
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'local-cluster-')));
  const agents: LocalAgent[] = [];
  const servers: Listening[] = [];
  const logger = new Logger({ service: 'local-cluster', level: options.logLevel ?? 'error' });
  const service = new MarathonService({ agents: () => agents, logger });
  let nextAgent = 0;

  const createAgent = async (): Promise<LocalAgent> => {
    const agent = new LocalAgent({
      id: `${MASTER_ID}-S${nextAgent++}`,
      hostname: host,
      resources: { ...DEFAULT_RESOURCES, ...options.agentResources },
      dataDir,
      onStatus: (status) => service.onStatus(status),
      statisticsRateLimit: options.statisticsRateLimit,
      killGracePeriodMs: options.killGracePeriodMs,
      credentials: options.mesosCredentials,
      baseEnv: options.baseEnv ?? defaultBaseEnv(),
    });
    await agent.start();
    agents.push(agent);
    return agent;
  };
  const info = (agent: LocalAgent): ClusterAgentInfo => ({
    id: agent.id,
    url: agent.url,
    hostname: agent.hostname,
    port: agent.port,
    active: agent.active,
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    service.stop();
    await Promise.all(agents.map((agent) => agent.stop()));
    await Promise.all(servers.map((server) => server.close()));
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const master = await listen(
      masterHandler({ agents: () => agents, credentials: options.mesosCredentials }),
      host,
      options.mesosMasterPort ?? 0,
    );
    servers.push(master);
    let marathonUrl = '';
    const marathon = await listen(
      marathonHandler({
        service,
        credentials: options.marathonCredentials,
        baseUrl: () => marathonUrl,
        mesosMasterUrl: () => master.url,
      }),
      host,
      options.marathonPort ?? 0,
    );
    marathonUrl = marathon.url;
    servers.push(marathon);
    const standby = options.standbyMaster
      ? await listen(
          standbyMasterHandler(() => master.url),
          host,
        )
      : undefined;
    if (standby) servers.push(standby);
    for (let i = 0; i < (options.agents ?? 3); i++) await createAgent();

    return {
      marathonUrl,
      mesosMasterUrl: master.url,
      ...(standby ? { standbyMasterUrl: standby.url } : {}),
      dataDir,
      get agents() {
        return agents.map(info);
      },
      marathon: service,
      stop,
      async stopAgent(id: string) {
        const agent = agents.find((candidate) => candidate.id === id);
        if (!agent) throw new Error(`no agent ${id}`);
        await agent.stop();
        logger.info('agent stopped', { agentId: id });
        service.reconcileAll();
      },
      async startAgent(id?: string) {
        const existing = id === undefined ? undefined : agents.find((candidate) => candidate.id === id);
        if (id !== undefined && !existing) throw new Error(`no agent ${id}`);
        const agent = existing ?? (await createAgent());
        await agent.start();
        service.reconcileAll();
        return info(agent);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type { ClusterAgentInfo, ClusterOptions, LocalCluster };
export { startCluster };
