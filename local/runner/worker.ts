import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * One Lambda execution environment: imports the handler module once (the cold start runs its module scope:
 * config, clients, logger) and runs one invocation at a time. process.env is this worker's own copy (set by the
 * host), and stdout/stderr go to the host, which writes them to the function's log file.
 */
interface WorkerSetup {
  modulePath: string;
  exportName: string;
  functionName: string;
  memoryMb: number;
  region: string;
}

interface InvokeMessage {
  id: number;
  event: unknown;
  awsRequestId: string;
  deadline: number;
}

const setup = workerData as WorkerSetup;
type Handler = (event: unknown, context: unknown) => unknown;
const handlerPromise: Promise<Handler> = import(pathToFileURL(setup.modulePath).href).then((module) => {
  const handler = module[setup.exportName];
  if (typeof handler !== 'function') {
    throw new Error(`${setup.modulePath} does not export a function named ${setup.exportName}`);
  }
  return handler as Handler;
});
// Init (module scope) is timed apart from invocations, as Lambda's init phase is: tell the host when it is done.
handlerPromise.then(
  () => parentPort?.postMessage({ type: 'ready' }),
  (error: unknown) => parentPort?.postMessage({ type: 'init-error', error: serializeError(error) }),
);

function lambdaContext(message: InvokeMessage) {
  const noop = () => {};
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: setup.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${setup.region}:000000000000:function:${setup.functionName}`,
    memoryLimitInMB: String(setup.memoryMb),
    awsRequestId: message.awsRequestId,
    logGroupName: `/aws/lambda/${setup.functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}

function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, stack: error.stack, ...(code !== undefined ? { code } : {}) };
}

parentPort?.on('message', async (message: InvokeMessage) => {
  try {
    const handler = await handlerPromise;
    const result = await handler(message.event, lambdaContext(message));
    parentPort?.postMessage({ type: 'result', id: message.id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    const serialized = serializeError(error);
    // The Lambda runtime logs a failed invocation itself; do the same so the function's log shows it.
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'Invoke Error',
        awsRequestId: message.awsRequestId,
        errorType: serialized.name,
        errorMessage: serialized.message,
      }),
    );
    parentPort?.postMessage({ type: 'result', id: message.id, ok: false, error: serialized });
  }
});
