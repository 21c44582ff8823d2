import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type FetchItem, fetchInto } from './fetcher.ts';
import { isAuthorized, type Listening, listen, sendJson, sendText, sendUnauthorized } from './http-util.ts';
import { FRAMEWORK_ID } from './ids.ts';
import { readAllProcStats, treeUsage } from './proc-stats.ts';
import { QueueingRateLimiter, type RateLimiterOptions } from './rate-limiter.ts';
import { type CommandSpec, freePorts, startTaskProcess, stopTaskProcess } from './task-process.ts';

/** The command executor's own share, added to the task's request (Mesos `DEFAULT_EXECUTOR_CPUS/MEM`). */
const EXECUTOR_CPUS = 0.1;
const EXECUTOR_MEM_MB = 32;

interface AgentResources {
  cpus: number;
  mem: number;
  disk: number;
}

type TaskState = 'TASK_STAGING' | 'TASK_RUNNING' | 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_LOST';

/** What Marathon asks an agent to run (ports are the agent's to assign). */
interface TaskLaunchSpec extends CommandSpec {
  taskId: string;
  appId: string;
  cpus: number;
  mem: number;
  disk: number;
  /** Names of the port definitions, in order; one host port is assigned per entry. */
  portNames: readonly (string | undefined)[];
  fetch: readonly FetchItem[];
  /** Marathon's env for the task (app env + MARATHON_* vars), without the per-agent ones. */
  env: Record<string, string>;
  killGracePeriodMs?: number | undefined;
}

interface TaskStatus {
  taskId: string;
  agentId: string;
  state: TaskState;
  message?: string;
}

/** A task as the agent holds it; Marathon reads `ports`, `pid` and `state` from here. */
interface AgentTask {
  spec: TaskLaunchSpec;
  state: TaskState;
  ports: number[];
  pid?: number;
  sandbox: string;
  killing: boolean;
}

interface LocalAgentOptions {
  id: string;
  /** **Default:** '127.0.0.1' */
  hostname?: string;
  resources: AgentResources;
  /** Sandboxes live under `<dataDir>/<agent id>/`. */
  dataDir: string;
  onStatus: (status: TaskStatus) => void;
  /** **Default:** 2 requests per 1000 ms, like a real agent */
  statisticsRateLimit?: RateLimiterOptions;
  /** SIGTERM → SIGKILL delay when killing a task. **Default:** 2000 */
  killGracePeriodMs?: number;
  /** `user:password` required on the HTTP endpoints. **Default:** none */
  credentials?: string | undefined;
  /** Base environment handed to every task (PATH etc.). **Default:** {} */
  baseEnv?: Record<string, string>;
}

/** One Mesos agent: runs tasks as real process trees and serves `/monitor/statistics(.json)`. */
class LocalAgent {
  readonly id: string;
  readonly hostname: string;
  readonly resources: AgentResources;
  readonly tasks = new Map<string, AgentTask>();
  active = false;
  registeredTime = Date.now() / 1000;
  readonly #options: LocalAgentOptions;
  #limiter: QueueingRateLimiter;
  /** Kills still waiting out their grace period, by process group: the task may already be finished and gone. */
  readonly #killing = new Set<number>();
  #http: Listening | undefined;

  constructor(options: LocalAgentOptions) {
    this.id = options.id;
    this.hostname = options.hostname ?? '127.0.0.1';
    this.resources = options.resources;
    this.#options = options;
    this.#limiter = new QueueingRateLimiter(options.statisticsRateLimit);
  }

  get port(): number {
    return this.#http?.port ?? 0;
  }

  get url(): string {
    return `http://${this.hostname}:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.active) return;
    this.#limiter = new QueueingRateLimiter(this.#options.statisticsRateLimit);
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.#handle(req, res);
    // A restarted agent keeps its port when it can, as a real agent would.
    this.#http = await listen(handler, this.hostname, this.port).catch(() => listen(handler, this.hostname, 0));
    this.active = true;
    this.registeredTime = Date.now() / 1000;
  }

  /** Resources held by live tasks, executor overhead included (as the master reports `used_resources`). */
  used(): AgentResources {
    const used = { cpus: 0, mem: 0, disk: 0 };
    for (const task of this.tasks.values()) {
      used.cpus += task.spec.cpus + EXECUTOR_CPUS;
      used.mem += task.spec.mem + EXECUTOR_MEM_MB;
      used.disk += task.spec.disk;
    }
    return used;
  }

  /** Live tasks of one app here (placement spreads instances). */
  tasksOf(appId: string): number {
    let count = 0;
    for (const task of this.tasks.values()) if (task.spec.appId === appId) count += 1;
    return count;
  }

  /** Whether a task of this size fits in what is left. */
  fits(demand: AgentResources): boolean {
    const used = this.used();
    const epsilon = 1e-9;
    return (
      this.active &&
      used.cpus + demand.cpus + EXECUTOR_CPUS <= this.resources.cpus + epsilon &&
      used.mem + demand.mem + EXECUTOR_MEM_MB <= this.resources.mem + epsilon &&
      used.disk + demand.disk <= this.resources.disk + epsilon
    );
  }

  /** Accepts the task (resources are held at once) and starts fetching and running it in the background. */
  launch(spec: TaskLaunchSpec): AgentTask {
    const sandbox = path.join(this.#options.dataDir, this.id, 'sandboxes', spec.taskId);
    const task: AgentTask = { spec, state: 'TASK_STAGING', ports: [], sandbox, killing: false };
    this.tasks.set(spec.taskId, task);
    void this.#run(task);
    return task;
  }

  /** Kills a task's process tree; resolves when it is gone and TASK_KILLED was reported. */
  async kill(taskId: string): Promise<void> {
    const task = this.tasks.get(taskId);
    if (!task || task.killing) return;
    task.killing = true;
    if (task.pid !== undefined) {
      const pid = task.pid;
      this.#killing.add(pid);
      try {
        await stopTaskProcess(pid, task.spec.killGracePeriodMs ?? this.#options.killGracePeriodMs ?? 2_000);
      } finally {
        this.#killing.delete(pid);
      }
    }
    // A task still fetching has no process yet; #run sees `killing` and reports TASK_KILLED.
  }

  /** Stops the agent: every task is killed and reported TASK_LOST, the HTTP endpoint closes. */
  async stop(): Promise<void> {
    this.active = false;
    const running = [...this.tasks.values()];
    for (const task of running) task.killing = true;
    // Graceful kills in flight are cut short too, so nothing outlives stop().
    const pids = new Set([...this.#killing, ...running.flatMap((task) => (task.pid === undefined ? [] : [task.pid]))]);
    await Promise.all([...pids].map((pid) => stopTaskProcess(pid, 0)));
    for (const task of running) this.#finish(task, 'TASK_LOST', `Agent ${this.id} removed`);
    this.#limiter.flush();
    await this.#http?.close();
  }

  /** The body of `/monitor/statistics.json`: one entry per running executor, read from /proc. */
  statistics(): unknown[] {
    const all = readAllProcStats();
    const timestamp = Date.now() / 1000;
    const entries: unknown[] = [];
    for (const task of this.tasks.values()) {
      if (task.state !== 'TASK_RUNNING' || task.pid === undefined) continue;
      const usage = treeUsage(all, task.pid);
      const command = task.spec.cmd ?? task.spec.args?.join(' ') ?? '';
      entries.push({
        executor_id: task.spec.taskId,
        executor_name: `Command Executor (Task: ${task.spec.taskId}) (Command: sh -c '${command}')`,
        framework_id: FRAMEWORK_ID,
        source: task.spec.taskId,
        statistics: {
          timestamp,
          cpus_limit: round(task.spec.cpus + EXECUTOR_CPUS),
          cpus_user_time_secs: round(usage.cpusUserTimeSecs),
          cpus_system_time_secs: round(usage.cpusSystemTimeSecs),
          mem_limit_bytes: Math.round((task.spec.mem + EXECUTOR_MEM_MB) * 1024 * 1024),
          mem_rss_bytes: usage.memRssBytes,
        },
      });
    }
    return entries;
  }

  async #run(task: AgentTask): Promise<void> {
    try {
      await mkdir(task.sandbox, { recursive: true });
      task.ports = await freePorts(this.hostname, task.spec.portNames.length);
      await fetchInto(task.sandbox, task.spec.fetch);
    } catch (error) {
      this.#finish(task, task.killing ? 'TASK_KILLED' : 'TASK_FAILED', (error as Error).message);
      return;
    }
    if (task.killing) {
      this.#finish(task, 'TASK_KILLED', 'Killed before start');
      return;
    }
    const proc = startTaskProcess(task.spec, task.sandbox, this.#taskEnv(task));
    if (proc.pid > 0) {
      task.pid = proc.pid;
      task.state = 'TASK_RUNNING';
      this.#options.onStatus({ taskId: task.spec.taskId, agentId: this.id, state: 'TASK_RUNNING' });
    }
    const exit = await proc.exited;
    // The command executor tears down the container when the command ends: no stragglers survive it.
    if (task.pid !== undefined && !task.killing) await stopTaskProcess(task.pid, 0);
    if (task.killing) this.#finish(task, 'TASK_KILLED', 'Command terminated by kill');
    else if (exit.error) this.#finish(task, 'TASK_FAILED', `Failed to launch command: ${exit.error.message}`);
    else if (exit.code === 0) this.#finish(task, 'TASK_FINISHED', 'Command exited with status 0');
    else {
      const how = exit.signal ? `terminated by signal ${exit.signal}` : `exited with status ${exit.code}`;
      this.#finish(task, 'TASK_FAILED', `Command ${how}`);
    }
  }

  #finish(task: AgentTask, state: TaskState, message: string): void {
    if (!this.tasks.has(task.spec.taskId)) return;
    task.state = state;
    this.tasks.delete(task.spec.taskId);
    this.#options.onStatus({ taskId: task.spec.taskId, agentId: this.id, state, message });
  }

  /** Marathon's task environment plus what only the agent knows: ports, sandbox, host. */
  #taskEnv(task: AgentTask): Record<string, string> {
    const env: Record<string, string> = { ...this.#options.baseEnv, ...task.spec.env };
    task.ports.forEach((port, index) => {
      env[`PORT${index}`] = String(port);
      const name = task.spec.portNames[index];
      if (name) env[`PORT_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = String(port);
    });
    if (task.ports.length > 0) {
      env.PORT = String(task.ports[0]);
      env.PORTS = task.ports.join(',');
    }
    env.HOST = this.hostname;
    env.MESOS_TASK_ID = task.spec.taskId;
    env.MESOS_EXECUTOR_ID = task.spec.taskId;
    env.MESOS_FRAMEWORK_ID = FRAMEWORK_ID;
    env.MESOS_AGENT_ID = this.id;
    env.MESOS_SLAVE_ID = this.id;
    env.MESOS_SANDBOX = task.sandbox;
    env.MESOS_DIRECTORY = task.sandbox;
    env.MESOS_AGENT_ENDPOINT = `${this.hostname}:${this.port}`;
    return env;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://agent').pathname;
    if (!isAuthorized(req, this.#options.credentials)) return sendUnauthorized(res, 'Mesos');
    if (req.method !== 'GET') return sendText(res, 405, 'Method Not Allowed');
    if (pathname === '/monitor/statistics' || pathname === '/monitor/statistics.json') {
      await this.#limiter.acquire();
      if (!this.active) return sendText(res, 503, 'Agent is stopping');
      return sendJson(res, 200, this.statistics());
    }
    if (pathname === '/health') return sendText(res, 200, '');
    if (pathname === '/state' || pathname === '/state.json') {
      return sendJson(res, 200, { id: this.id, hostname: this.hostname, port: this.port, tasks: this.tasks.size });
    }
    return sendText(res, 404, 'Not Found');
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export type { AgentResources, AgentTask, LocalAgentOptions, TaskLaunchSpec, TaskState, TaskStatus };
export { EXECUTOR_CPUS, EXECUTOR_MEM_MB, LocalAgent };
