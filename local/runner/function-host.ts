import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { FunctionModel } from '#local/aws/index.ts';

/** What one invocation did; `npm start` and tests observe these. */
interface InvocationRecord {
  readonly functionName: string;
  /** The serverless.yml key: deploy | collect | scale (or a test's own name). */
  readonly name: string;
  readonly awsRequestId: string;
  readonly trigger: 's3' | 'schedule' | 'sqs' | 'direct';
  readonly event: unknown;
  readonly startedAt: Date;
  readonly durationMs: number;
  /** The handler's return value (structured-cloned), when it resolved. */
  readonly result?: unknown;
  /** Set when the handler threw, its module failed to load, or it ran past its timeout (`code: 'LAMBDA_TIMEOUT'`). */
  readonly error?: { name: string; message: string; code?: string; stack?: string };
}

interface FunctionHostOptions {
  fn: FunctionModel;
  region: string;
  env: Record<string, string>;
  logDir: string;
  onLog: (name: string, line: string) => void;
}

type ErrorInfo = NonNullable<InvocationRecord['error']>;
type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: ErrorInfo }
  | { type: 'result'; id: number; ok: boolean; result?: unknown; error?: ErrorInfo };

/** Lambda's limit on the init phase (module scope of the handler) before it gives up on the sandbox. */
const INIT_TIMEOUT_MS = 10_000;

interface Sandbox {
  worker: Worker;
  /** Resolves once the handler module is imported; rejects with the init error. */
  ready: Promise<void>;
}

interface Pending {
  id: number;
  resolve: (outcome: { ok: boolean; result?: unknown; error?: InvocationRecord['error'] }) => void;
}

/**
 * Runs one function in a worker thread, one invocation at a time (like one warm Lambda sandbox), enforcing the
 * configured timeout: a timed-out or crashed sandbox is thrown away and the next invocation cold-starts a new one.
 */
class FunctionHost {
  readonly #options: FunctionHostOptions;
  #sandbox: Sandbox | undefined;
  #pending: Pending | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #logWrites: Promise<unknown> = Promise.resolve();

  constructor(options: FunctionHostOptions) {
    this.#options = options;
  }

  /** Queues one invocation behind the previous ones of this function. */
  invoke(event: unknown, trigger: InvocationRecord['trigger']): Promise<InvocationRecord> {
    const run = this.#queue.then(() => this.#invokeNow(event, trigger));
    this.#queue = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    const worker = this.#sandbox?.worker;
    this.#sandbox = undefined;
    this.#pending?.resolve({ ok: false, error: { name: 'Error', message: 'runner stopped', code: 'RUNNER_STOPPED' } });
    if (worker) await worker.terminate();
    await this.#logWrites;
  }

  async #invokeNow(event: unknown, trigger: InvocationRecord['trigger']): Promise<InvocationRecord> {
    const { fn } = this.#options;
    const awsRequestId = randomUUID();
    const startedAt = new Date();
    const sandbox = this.#ensureSandbox();
    const outcome: { ok: boolean; result?: unknown; error?: ErrorInfo } = await sandbox.ready.then(
      () => this.#run(sandbox.worker, event, awsRequestId),
      (error: ErrorInfo) => ({ ok: false, error }),
    );
    return {
      functionName: fn.functionName,
      name: fn.name,
      awsRequestId,
      trigger,
      event,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ...(outcome.ok ? { result: outcome.result ?? undefined } : { error: outcome.error }),
    };
  }

  /** One invocation on a ready sandbox; the timeout clock starts here, after init. */
  #run(
    worker: Worker,
    event: unknown,
    awsRequestId: string,
  ): Promise<{ ok: boolean; result?: unknown; error?: ErrorInfo }> {
    const { fn } = this.#options;
    const deadline = Date.now() + fn.timeoutMs;
    const id = this.#nextId++;
    return new Promise<{ ok: boolean; result?: unknown; error?: ErrorInfo }>((resolve) => {
      const timer = setTimeout(() => {
        this.#discardWorker(worker);
        resolve({
          ok: false,
          error: {
            name: 'TimeoutError',
            code: 'LAMBDA_TIMEOUT',
            message: `Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds`,
          },
        });
      }, fn.timeoutMs);
      this.#pending = {
        id,
        resolve: (value) => {
          clearTimeout(timer);
          this.#pending = undefined;
          resolve(value);
        },
      };
      worker.postMessage({ id, event, awsRequestId, deadline });
    });
  }

  #ensureSandbox(): Sandbox {
    if (this.#sandbox) return this.#sandbox;
    const { fn, region, env } = this.#options;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      env,
      stdout: true,
      stderr: true,
      workerData: {
        modulePath: fn.modulePath,
        exportName: fn.exportName,
        functionName: fn.functionName,
        memoryMb: fn.memoryMb,
        region,
      },
    });
    this.#capture(worker.stdout);
    this.#capture(worker.stderr);
    let settle: { resolve: () => void; reject: (error: ErrorInfo) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A sandbox that fails init before any invocation awaits it must not become an unhandled rejection.
    ready.catch(() => {});
    const initTimer = setTimeout(() => {
      this.#discardWorker(worker);
      settle?.reject({ name: 'TimeoutError', code: 'LAMBDA_INIT_TIMEOUT', message: 'handler init timed out' });
    }, INIT_TIMEOUT_MS);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        clearTimeout(initTimer);
        settle?.resolve();
      } else if (message.type === 'init-error') {
        clearTimeout(initTimer);
        this.#discardWorker(worker);
        settle?.reject({ ...message.error, code: message.error.code ?? 'LAMBDA_INIT_ERROR' });
      } else if (this.#pending?.id === message.id) {
        this.#pending.resolve(message);
      }
    });
    worker.on('error', (error) => {
      clearTimeout(initTimer);
      this.#discardWorker(worker);
      const info: ErrorInfo = { name: error.name, message: error.message, code: 'WORKER_CRASHED' };
      settle?.reject(info);
      this.#pending?.resolve({ ok: false, error: info });
    });
    worker.on('exit', () => {
      clearTimeout(initTimer);
      if (this.#sandbox?.worker === worker) this.#sandbox = undefined;
      // No-op once settled; otherwise the sandbox died during init (e.g. stop()).
      settle?.reject({ name: 'Error', message: 'sandbox exited during init', code: 'RUNNER_STOPPED' });
    });
    this.#sandbox = { worker, ready };
    return this.#sandbox;
  }

  #discardWorker(worker: Worker): void {
    if (this.#sandbox?.worker === worker) this.#sandbox = undefined;
    void worker.terminate();
  }

  #capture(stream: Readable): void {
    const { fn, logDir, onLog } = this.#options;
    const file = join(logDir, `${fn.name}.log`);
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      this.#logWrites = this.#logWrites.then(() => appendFile(file, `${line}\n`)).catch(() => {});
      onLog(fn.name, line);
    });
  }
}

async function ensureLogDir(dataDir: string): Promise<string> {
  const logDir = join(dataDir, 'logs');
  await mkdir(logDir, { recursive: true });
  return logDir;
}

export type { FunctionHostOptions, InvocationRecord };
export { ensureLogDir, FunctionHost };
