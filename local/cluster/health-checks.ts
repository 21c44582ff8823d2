import { connect } from 'node:net';
import { request } from 'undici';

/** A Marathon health check definition, defaults applied. */
interface HealthCheckDefinition {
  protocol: string;
  path: string;
  portIndex: number;
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  maxConsecutiveFailures: number;
  ignoreHttp1xx: boolean;
}

/** One entry of a task's `healthCheckResults`, as Marathon reports it. */
interface HealthCheckResult {
  alive: boolean;
  consecutiveFailures: number;
  firstSuccess: string | null;
  lastFailure: string | null;
  lastSuccess: string | null;
  lastFailureCause: string | null;
  taskId: string;
}

function withDefaults(check: Record<string, unknown>): HealthCheckDefinition {
  const num = (key: string, fallback: number) => (typeof check[key] === 'number' ? (check[key] as number) : fallback);
  return {
    protocol: typeof check.protocol === 'string' ? check.protocol : 'HTTP',
    path: typeof check.path === 'string' ? check.path : '/',
    portIndex: num('portIndex', 0),
    gracePeriodSeconds: num('gracePeriodSeconds', 300),
    intervalSeconds: num('intervalSeconds', 60),
    timeoutSeconds: num('timeoutSeconds', 20),
    maxConsecutiveFailures: num('maxConsecutiveFailures', 3),
    ignoreHttp1xx: check.ignoreHttp1xx === true,
  };
}

/** One probe; resolves to undefined when healthy, or the failure cause. */
async function probe(check: HealthCheckDefinition, host: string, port: number): Promise<string | undefined> {
  const timeoutMs = check.timeoutSeconds * 1000;
  if (check.protocol === 'TCP' || check.protocol === 'MESOS_TCP') {
    return new Promise((resolve) => {
      const socket = connect({ host, port, timeout: timeoutMs });
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve('TCP connect timed out');
      });
      socket.once('error', (error) => resolve(error.message));
    });
  }
  if (check.protocol === 'COMMAND') return undefined; // not emulated: treated as passing
  try {
    const response = await request(`http://${host}:${port}${check.path}`, {
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
    // Marathon: 2xx and 3xx are healthy (1xx too when ignored); anything else is a failure.
    const ok =
      (response.statusCode >= 200 && response.statusCode < 400) || (check.ignoreHttp1xx && response.statusCode < 200);
    return ok ? undefined : `HTTP ${response.statusCode}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Runs a task's health checks on their interval. Failures during the grace period before the
 * first success do not count; `maxConsecutiveFailures` failures in a row call `onUnhealthy`
 * (Marathon then kills the task).
 */
class TaskHealth {
  readonly results: HealthCheckResult[];
  readonly #checks: HealthCheckDefinition[];
  readonly #timers: NodeJS.Timeout[] = [];
  #stopped = false;

  constructor(taskId: string, checks: readonly Record<string, unknown>[]) {
    this.#checks = checks.map(withDefaults);
    this.results = this.#checks.map(() => ({
      alive: false,
      consecutiveFailures: 0,
      firstSuccess: null,
      lastFailure: null,
      lastSuccess: null,
      lastFailureCause: null,
      taskId,
    }));
  }

  /** Starts probing `host:ports[portIndex]`; first probe after min(interval, 1 s). */
  start(host: string, ports: readonly number[], onUnhealthy: (cause: string) => void): void {
    const startedAt = Date.now();
    this.#checks.forEach((check, index) => {
      const result = this.results[index] as HealthCheckResult;
      const run = async () => {
        if (this.#stopped) return;
        const port = ports[check.portIndex];
        const cause = port === undefined ? `no port at index ${check.portIndex}` : await probe(check, host, port);
        if (this.#stopped) return;
        const now = new Date().toISOString();
        if (cause === undefined) {
          result.alive = true;
          result.consecutiveFailures = 0;
          result.firstSuccess ??= now;
          result.lastSuccess = now;
        } else {
          const inGrace = result.firstSuccess === null && Date.now() - startedAt < check.gracePeriodSeconds * 1000;
          result.alive = false;
          result.lastFailure = now;
          result.lastFailureCause = cause;
          if (!inGrace) result.consecutiveFailures += 1;
          if (check.maxConsecutiveFailures > 0 && result.consecutiveFailures >= check.maxConsecutiveFailures) {
            onUnhealthy(cause);
            return;
          }
        }
        this.#timers[index] = setTimeout(run, check.intervalSeconds * 1000);
      };
      this.#timers[index] = setTimeout(run, Math.min(check.intervalSeconds, 1) * 1000);
    });
  }

  /** True when every check passed its last probe. */
  get healthy(): boolean {
    return this.results.every((result) => result.alive);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
  }
}

export type { HealthCheckDefinition, HealthCheckResult };
export { probe, TaskHealth, withDefaults };
