import { describe, expect, it } from 'vitest';
import {
  type CollectDeps,
  type CollectOptions,
  type CounterState,
  CounterStoreError,
  emptyCounterState,
  parseCidrList,
  runCollectCycle,
} from '#shared/collect/index.ts';
import { COLLECT_LOG, Logger } from '#shared/logging/index.ts';
import type { AppUsageMessage } from '#shared/usage/index.ts';

/** The cycle's control flow with in-memory collaborators (sockets are covered by the integration tests). */

function executor(id: string, cpu: number, ts: number) {
  return {
    executor_id: id,
    framework_id: 'f',
    statistics: { timestamp: ts, cpus_limit: 1, cpus_user_time_secs: cpu, cpus_system_time_secs: 0 },
  };
}

function setup(options: { counters?: () => Promise<CounterState>; listAppsFails?: boolean } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const sent: AppUsageMessage[] = [];
  let saved: CounterState | undefined;
  let polls = 0;
  const deps: CollectDeps = {
    marathon: {
      listApps: async () => {
        if (options.listAppsFails) throw new Error('marathon down');
        return [
          {
            id: '/web',
            cpus: 1,
            mem: 64,
            instances: 1,
            labels: { 'autopilot.enabled': 'true' },
            tasks: [{ id: 'web.1', appId: '/web', host: '10.0.0.1', slaveId: 'S1' }],
          },
        ];
      },
    },
    mesos: {
      listAgents: async () => [{ id: 'S1', hostname: '10.0.0.1', port: 5051, active: true }],
      agentStatistics: async () => {
        polls++;
        return [executor('web.1', 10 + polls, 1000 + polls)];
      },
    },
    counters: {
      load: options.counters ?? (async () => emptyCounterState()),
      save: async (state) => {
        saved = state;
      },
    },
    sender: {
      send: async (messages) => {
        sent.push(...messages);
        return { sent: messages.length, failed: [], requests: 1 };
      },
    },
    logger: new Logger({ service: 'test', sink: (line) => lines.push(JSON.parse(line)) }),
  };
  const cycleOptions: CollectOptions = {
    autoscaleLabel: 'autopilot.enabled',
    agentPolicy: parseCidrList('10.0.0.0/8'),
    agentConcurrency: 4,
    secondSampleDelayMs: 5,
    countersMaxAgeS: 900,
  };
  return { deps, cycleOptions, lines, sent, saved: () => saved, polls: () => polls };
}

describe('runCollectCycle', () => {
  it('samples a new task twice and saves its latest counters', async () => {
    const t = setup();

    const summary = await runCollectCycle(t.deps, t.cycleOptions);

    expect(t.polls()).toBe(2);
    expect(summary).toMatchObject({ agentsPolled: 1, agentsResampled: 1, messages: 1 });
    expect(t.sent[0]?.tasks[0]).toMatchObject({ cpu: 1, intervalS: 1 });
    expect(t.saved()?.executors['web.1']).toEqual({ cpuSecs: 12, ts: 1002 });
  });

  it('falls back to second samples when the stored counters cannot be read', async () => {
    const t = setup({
      counters: async () => {
        throw new CounterStoreError('s3 down');
      },
    });

    const summary = await runCollectCycle(t.deps, t.cycleOptions);

    expect(summary.agentsResampled).toBe(1);
    expect(t.lines.some((line) => line.message === COLLECT_LOG.countersUnreadable)).toBe(true);
  });

  it('skips the second sample once the deadline has passed, still sending the message', async () => {
    const t = setup();
    const deadline = new AbortController();
    t.deps.mesos.agentStatistics = async () => {
      deadline.abort();
      return [executor('web.1', 10, 1000)];
    };

    const summary = await runCollectCycle(t.deps, { ...t.cycleOptions, signal: deadline.signal });

    expect(summary).toMatchObject({ agentsResampled: 0, messages: 1 });
    expect(t.sent[0]?.tasks[0]).toMatchObject({ cpu: null, intervalS: null });
  });

  it('fails the cycle when Marathon cannot be listed', async () => {
    const t = setup({ listAppsFails: true });

    await expect(runCollectCycle(t.deps, t.cycleOptions)).rejects.toThrow('marathon down');
  });

  it('writes exactly one summary line with the documented fields', async () => {
    const t = setup();

    await runCollectCycle(t.deps, { ...t.cycleOptions, cycleId: 'c-7' });

    const summaries = t.lines.filter((line) => line.message === COLLECT_LOG.cycleSummary);
    expect(summaries).toHaveLength(1);
    expect(Object.keys(summaries[0] ?? {})).toEqual(
      expect.arrayContaining([
        'cycleId',
        'agentsPolled',
        'agentsFailed',
        'apps',
        'tasks',
        'tasksMissing',
        'messages',
        'durationMs',
      ]),
    );
    expect(summaries[0]?.cycleId).toBe('c-7');
  });
});

describe('runCollectCycle summary line', () => {
  it('caps the logged failed agents at 100 while counting all of them', async () => {
    const t = setup();
    const agents = Array.from({ length: 150 }, (_, i) => ({
      id: `S${i}`,
      hostname: '10.0.0.1',
      port: 5051,
      active: false,
    }));
    t.deps.mesos.listAgents = async () => agents;
    t.deps.marathon.listApps = async () => [
      {
        id: '/web',
        cpus: 1,
        mem: 64,
        instances: 150,
        labels: { 'autopilot.enabled': 'true' },
        tasks: agents.map((agent, i) => ({ id: `web.${i}`, appId: '/web', host: '10.0.0.1', slaveId: agent.id })),
      },
    ];

    const summary = await runCollectCycle(t.deps, t.cycleOptions);

    const line = t.lines.find((l) => l.message === COLLECT_LOG.cycleSummary);
    expect(summary.agentsFailed).toHaveLength(150);
    expect(line?.agentsFailed).toHaveLength(100);
    expect(line?.agentsFailedCount).toBe(150);
  });
});
