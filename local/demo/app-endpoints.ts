import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { MarathonClient, MarathonTask } from '#shared/marathon/index.ts';

/**
 * Where the demo app answers: one `http://host:port` per running task that passes its health checks (a task
 * still starting would only add refused connections to the load figures).
 */
function taskEndpoint(task: MarathonTask): string | undefined {
  const port = task.ports?.[0];
  if (port === undefined || task.state !== 'TASK_RUNNING') return undefined;
  const results = task.healthCheckResults ?? [];
  if (results.some((result) => result.alive === false)) return undefined;
  return `http://${task.host}:${port}`;
}

async function appEndpoints(marathon: MarathonClient, appId: string, signal?: AbortSignal): Promise<string[]> {
  const tasks = await marathon.listTasks(appId, { signal });
  return tasks.map(taskEndpoint).filter((url): url is string => url !== undefined);
}

interface AppAnswer {
  url: string;
  body: unknown;
  waitedMs: number;
}

/** GET `<url>/` once: its JSON body, or undefined when it does not answer 200 with JSON. */
async function getRoot(url: string): Promise<unknown> {
  try {
    const response = await request(`${url}/`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    return await response.body.json();
  } catch {
    return undefined;
  }
}

/** Polls Marathon and the app until `GET /` on one of its tasks answers JSON; rejects after `timeoutMs`. */
async function waitForAnswer(
  marathon: MarathonClient,
  appId: string,
  options: { timeoutMs: number; signal?: AbortSignal; intervalMs?: number },
): Promise<AppAnswer> {
  const started = Date.now();
  let last = 'no running task yet';
  while (Date.now() - started < options.timeoutMs) {
    options.signal?.throwIfAborted();
    const tasks = await marathon.listTasks(appId, { signal: options.signal }).catch(() => []);
    for (const task of tasks) {
      const port = task.ports?.[0];
      if (port === undefined || task.state !== 'TASK_RUNNING') continue;
      const url = `http://${task.host}:${port}`;
      const body = await getRoot(url);
      if (body !== undefined) return { url, body, waitedMs: Date.now() - started };
      last = `${url} does not answer yet`;
    }
    await sleep(options.intervalMs ?? 100, undefined, { signal: options.signal });
  }
  throw new Error(`the app ${appId} did not answer within ${options.timeoutMs} ms (${last})`);
}

export type { AppAnswer };
export { appEndpoints, getRoot, taskEndpoint, waitForAnswer };
