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
  #worker: Worker | undefined;
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
    const worker = this.#worker;
    this.#worker = undefined;
    this.#pending?.resolve({ ok: false, error: { name: 'Error', message: 'runner stopped', code: 'RUNNER_STOPPED' } });
    if (worker) await worker.terminate();
    await this.#logWrites;
  }

  async #invokeNow(event: unknown, trigger: InvocationRecord['trigger']): Promise<InvocationRecord> {
    const { fn } = this.#options;
    const awsRequestId = randomUUID();
    const startedAt = new Date();
    const deadline = startedAt.getTime() + fn.timeoutMs;
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const outcome = await new Promise<{ ok: boolean; result?: unknown; error?: InvocationRecord['error'] }>(
      (resolve) => {
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
      },
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

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
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
    worker.on(
      'message',
      (message: { id: number; ok: boolean; result?: unknown; error?: InvocationRecord['error'] }) => {
        if (this.#pending?.id === message.id) this.#pending.resolve(message);
      },
    );
    worker.on('error', (error) => {
      this.#discardWorker(worker);
      this.#pending?.resolve({
        ok: false,
        error: { name: error.name, message: error.message, code: 'WORKER_CRASHED' },
      });
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }

  #discardWorker(worker: Worker): void {
    if (this.#worker === worker) this.#worker = undefined;
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
