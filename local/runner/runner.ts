import { EventEmitter } from 'node:events';
import type { FunctionModel, FunctionName, LocalAws } from '#local/aws/index.ts';
import { scheduleIntervalMs } from '#local/aws/index.ts';
import { localFunctionEnv } from './env.ts';
import { ensureLogDir, FunctionHost, type InvocationRecord } from './function-host.ts';
import { startS3Trigger, startSchedule, startSqsPoller } from './triggers.ts';

/**
 * Runs deploy, collect and scale locally against a started {@link LocalAws}, each in its own worker thread (own
 * process.env, own module graph and singletons, stdout captured to `<dataDir>/logs/<name>.log`), fed by the same
 * triggers as on AWS. Worker threads rather than in-process calls because handlers read their config from
 * process.env at cold start and keep module-scope singletons, exactly as they do in separate Lambda sandboxes.
 */
interface FunctionOverride {
  /** Another handler module (absolute path), e.g. a test fixture. */
  modulePath?: string;
  exportName?: string;
  timeoutMs?: number;
  /** Extra or replaced env for this function only. */
  env?: Record<string, string | undefined>;
}

interface LocalRunnerOptions {
  stack: LocalAws;
  /** Logs go to `<dataDir>/logs/<function>.log`. */
  dataDir: string;
  /** Env for every function on top of the local defaults (MARATHON_URL, MESOS_MASTER_URL, credentials, ...). */
  env?: Record<string, string | undefined>;
  functions?: Partial<Record<FunctionName, FunctionOverride>>;
  /** Which triggers run. Default: all three. `schedule.intervalMs` overrides serverless.yml's rate. */
  triggers?: {
    s3?: boolean;
    schedule?: boolean | { intervalMs: number };
    sqs?: boolean | { batchSize?: number; waitTimeSeconds?: number };
  };
  /** Echo function log lines to this process's stdout, prefixed `[name]`. Default false. */
  echo?: boolean;
}

interface LocalRunnerEvents {
  /** After every invocation (any trigger), successful or not. */
  invocation: [InvocationRecord];
  /** Every line a function writes to stdout/stderr. */
  log: [name: FunctionName, line: string];
}

interface LocalRunner {
  /** Every invocation so far, oldest first. */
  readonly invocations: readonly InvocationRecord[];
  /** Invokes a function directly (like `aws lambda invoke`), queued behind its running invocation. */
  invoke(name: FunctionName, event: unknown): Promise<InvocationRecord>;
  /** Subscribes to runner events; returns the unsubscribe function. */
  on<K extends keyof LocalRunnerEvents>(event: K, listener: (...args: LocalRunnerEvents[K]) => void): () => void;
  /** Resolves with the first invocation (past or future) matching `predicate`; rejects after `timeoutMs`. */
  waitForInvocation(predicate: (record: InvocationRecord) => boolean, timeoutMs?: number): Promise<InvocationRecord>;
  /** Stops triggers, then the workers (an invocation still running ends with code RUNNER_STOPPED). */
  stop(): Promise<void>;
}

const NAMES: readonly FunctionName[] = ['deploy', 'collect', 'scale'];

async function startLocalRunner(options: LocalRunnerOptions): Promise<LocalRunner> {
  const { stack } = options;
  const emitter = new EventEmitter<LocalRunnerEvents>();
  const invocations: InvocationRecord[] = [];
  const logDir = await ensureLogDir(options.dataDir);

  const hosts = new Map<FunctionName, FunctionHost>();
  for (const name of NAMES) {
    const override = options.functions?.[name] ?? {};
    const base = stack.model.functions[name];
    const fn: FunctionModel = {
      ...base,
      ...(override.modulePath ? { modulePath: override.modulePath } : {}),
      ...(override.exportName ? { exportName: override.exportName } : {}),
      ...(override.timeoutMs ? { timeoutMs: override.timeoutMs } : {}),
    };
    const env = localFunctionEnv(fn, stack, { ...options.env, ...override.env });
    hosts.set(
      name,
      new FunctionHost({
        fn,
        region: stack.region,
        env,
        logDir,
        onLog: (_fn, line) => {
          if (options.echo) process.stdout.write(`[${name}] ${line}\n`);
          emitter.emit('log', name, line);
        },
      }),
    );
  }

  const invokeVia = (name: FunctionName) => async (event: unknown, trigger: InvocationRecord['trigger']) => {
    const host = hosts.get(name);
    if (!host) throw new Error(`unknown function ${name}`);
    const record = await host.invoke(event, trigger);
    invocations.push(record);
    emitter.emit('invocation', record);
    return record;
  };

  const triggers = options.triggers ?? {};
  const stoppers: Array<() => void | Promise<void>> = [];
  if (triggers.s3 ?? true) stoppers.push(startS3Trigger(stack, invokeVia('deploy')));
  const schedule = triggers.schedule ?? true;
  if (schedule) {
    const intervalMs =
      typeof schedule === 'object' ? schedule.intervalMs : scheduleIntervalMs(stack.model.collectSchedule);
    stoppers.push(startSchedule(stack, intervalMs, invokeVia('collect')));
  }
  const sqs = triggers.sqs ?? true;
  if (sqs) {
    const sqsOptions = typeof sqs === 'object' ? sqs : {};
    stoppers.push(
      startSqsPoller(
        stack,
        {
          batchSize: sqsOptions.batchSize ?? stack.model.scaleBatchSize,
          waitTimeSeconds: sqsOptions.waitTimeSeconds ?? 1,
        },
        invokeVia('scale'),
      ),
    );
  }

  let stopped: Promise<void> | undefined;
  return {
    invocations,
    invoke: (name, event) => invokeVia(name)(event, 'direct'),
    on(event, listener) {
      // EventEmitter's typed overloads do not narrow a generic K; the public signature above keeps callers typed.
      const untyped = emitter as unknown as EventEmitter;
      untyped.on(event, listener as (...args: unknown[]) => void);
      return () => untyped.off(event, listener as (...args: unknown[]) => void);
    },
    waitForInvocation(predicate, timeoutMs = 10_000) {
      const past = invocations.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          emitter.off('invocation', listener);
          reject(new Error(`no matching invocation within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (record: InvocationRecord) => {
          if (!predicate(record)) return;
          clearTimeout(timer);
          emitter.off('invocation', listener);
          resolve(record);
        };
        emitter.on('invocation', listener);
      });
    },
    stop() {
      stopped ??= (async () => {
        const pending = stoppers.map((stop) => stop());
        await Promise.all([...hosts.values()].map((host) => host.stop()));
        await Promise.all(pending);
      })();
      return stopped;
    },
  };
}

export type { FunctionOverride, LocalRunner, LocalRunnerEvents, LocalRunnerOptions };
export { startLocalRunner };
