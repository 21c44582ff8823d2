import { withRetry } from '../http/retry.ts';
import type { MesosClient } from '../mesos/client.ts';
import type { MesosAgent } from '../mesos/schemas.ts';
import { type AgentSample, indexExecutors } from './assemble.ts';
import { mapPool } from './pool.ts';

/**
 * Polls agents' /monitor/statistics.json concurrently with a bounded pool. Each agent gets one request per sample
 * (plus one retry when the first fails in a retryable way): a real agent serves statistics at 2 req/s. Every
 * request is bounded by the client's connect/headers/body timeouts and by `signal` (the invocation deadline), so a
 * slow or dead agent costs at most its timeout and ends up as a failed sample, never a stalled cycle.
 */

interface PollOptions {
  /** Requests in flight at once (AGENT_CONCURRENCY). */
  concurrency: number;
  /** Extra attempts after a retryable failure. **Default:** 1 */
  retries?: number;
  /** Backoff before the retry (with jitter). **Default:** 250 */
  retryDelayMs?: number;
  signal?: AbortSignal | undefined;
  /** Called after each agent, e.g. for progress output. */
  onAgentDone?: (agent: MesosAgent, sample: AgentSample) => void;
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`.slice(0, 500);
}

async function pollOne(
  mesos: Pick<MesosClient, 'agentStatistics'>,
  agent: MesosAgent,
  options: PollOptions,
): Promise<AgentSample> {
  if (options.signal?.aborted) return { ok: false, reason: 'invocation deadline reached before polling' };
  try {
    const executors = await withRetry(() => mesos.agentStatistics(agent, { signal: options.signal }), {
      retries: options.retries ?? 1,
      baseDelayMs: options.retryDelayMs ?? 250,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { ok: true, executors: indexExecutors(executors) };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** One sample of every agent given: agent id → executors, or the reason it gave none. Never throws. */
async function pollAgents(
  mesos: Pick<MesosClient, 'agentStatistics'>,
  agents: readonly MesosAgent[],
  options: PollOptions,
): Promise<Map<string, AgentSample>> {
  const samples = await mapPool(agents, options.concurrency, async (agent) => {
    const sample = await pollOne(mesos, agent, options);
    options.onAgentDone?.(agent, sample);
    return sample;
  });
  return new Map(agents.map((agent, index) => [agent.id, samples[index] as AgentSample]));
}

export type { PollOptions };
export { pollAgents };
