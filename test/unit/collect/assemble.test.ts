import { describe, expect, it } from 'vitest';
import {
  type AgentSample,
  agentsNeedingSecondSample,
  assembleCycle,
  type CounterState,
  indexExecutors,
  parseCidrList,
  planPolls,
  watchedApps,
} from '#shared/collect/index.ts';
import type { MarathonApp } from '#shared/marathon/index.ts';
import { AppUsageMessageSchema } from '#shared/usage/index.ts';

const policy = parseCidrList('10.0.0.0/8');
const STARTED = '2026-11-25T19:00:00.000Z';

function app(id: string, instances: number, tasks: Array<[taskId: string, agentId: string]>): MarathonApp {
  return {
    id,
    cpus: 1,
    mem: 128,
    instances,
    labels: { 'autopilot.enabled': 'true' },
    tasks: tasks.map(([taskId, slaveId]) => ({ id: taskId, appId: id, host: '10.0.0.1', slaveId, startedAt: STARTED })),
  };
}

/** An executor with `cpu` cumulative seconds (all user time) at `ts`, limit 1 CPU and 100 bytes. */
function executor(id: string, cpu: number, ts: number, rss = 50) {
  return {
    executor_id: id,
    framework_id: 'f',
    statistics: {
      timestamp: ts,
      cpus_limit: 1,
      cpus_user_time_secs: cpu,
      cpus_system_time_secs: 0,
      mem_rss_bytes: rss,
      mem_limit_bytes: 100,
    },
  };
}

const ok = (executors: ReturnType<typeof executor>[]): AgentSample => ({
  ok: true,
  executors: indexExecutors(executors),
});

const watched = watchedApps(
  [
    app('/web', 5, [
      ['w.1', 'S1'],
      ['w.2', 'S1'],
      ['w.3', 'S2'],
      ['w.4', 'S1'],
    ]),
    app('/api', 2, [
      ['p.1', 'S1'],
      ['p.2', 'S1'],
      ['p.3', 'S1'],
    ]),
  ],
  'autopilot.enabled',
);
const agents = [
  { id: 'S1', hostname: '10.0.0.1', port: 5051, active: true },
  { id: 'S2', hostname: '10.0.0.2', port: 5051, active: true },
];
const plan = planPolls(watched, agents, policy);
const previous: CounterState = {
  version: 1,
  savedAt: '2026-11-25T19:59:00.000Z',
  executors: {
    'w.1': { cpuSecs: 100, ts: 1000, startedAt: STARTED },
    'w.2': { cpuSecs: 200, ts: 1000, startedAt: STARTED },
    'w.3': { cpuSecs: 300, ts: 1000, startedAt: STARTED },
    'p.1': { cpuSecs: 10, ts: 1000, startedAt: STARTED },
    'p.3': { cpuSecs: 500, ts: 1000, startedAt: STARTED },
    'gone.1': { cpuSecs: 1, ts: 1000 },
  },
};
// First sample at t=1060; w.4 has no executor yet; p.3's counter went backwards (restarted in place).
const first = new Map<string, AgentSample>([
  [
    'S1',
    ok([
      executor('w.1', 130, 1060),
      executor('w.2', 212, 1060, 75),
      executor('p.1', 16, 1060),
      executor('p.2', 40, 1060),
      executor('p.3', 5, 1060),
      executor('other-framework-task', 999, 1060),
    ]),
  ],
  ['S2', { ok: false, reason: 'HTTP_TIMEOUT: mesos-agent did not answer in time' }],
]);
// Second sample 2 s later, of S1 only (the agent of p.2 and p.3).
const second = new Map<string, AgentSample>([
  ['S1', ok([executor('w.1', 131, 1062), executor('p.2', 41, 1062), executor('p.3', 6.5, 1062)])],
]);

function assemble() {
  return assembleCycle({
    watched,
    plan,
    first,
    second,
    previous,
    maxAgeS: 900,
    cycleId: 'c1',
    collectedAt: '2026-11-25T20:00:00.000Z',
  });
}

describe('agentsNeedingSecondSample', () => {
  it('asks again only of agents running tasks with statistics but no usable previous counters', () => {
    expect([...agentsNeedingSecondSample(watched, plan, first, previous, 900)]).toEqual(['S1']);
  });

  it('asks nothing when every measured task has fresh counters', () => {
    const only = watchedApps([app('/web', 1, [['w.1', 'S1']])], 'autopilot.enabled');

    expect(agentsNeedingSecondSample(only, planPolls(only, agents, policy), first, previous, 900).size).toBe(0);
  });
});

describe('assembleCycle', () => {
  it('measures over the whole interval since the previous cycle when counters exist', () => {
    const web = assemble().messages.find((m) => m.appId === '/web');

    // w.1: (131 - 100) / (1062 - 1000) / 1 = 0.5 (latest sample is the second one); w.2: 12 / 60 = 0.2
    expect(web?.tasks).toEqual([
      { id: 'w.1', agentId: 'S1', cpu: 0.5, mem: 0.5, intervalS: 62 },
      { id: 'w.2', agentId: 'S1', cpu: 0.2, mem: 0.75, intervalS: 60 },
    ]);
  });

  it('counts tasks without statistics as missing and names the failed agent', () => {
    const web = assemble().messages.find((m) => m.appId === '/web');

    expect(web).toMatchObject({ instances: 5, tasksRunning: 4, tasksMissing: 2, agentsFailed: ['S2'] });
  });

  it('uses the in-invocation pair for a new task and for a task whose counter reset', () => {
    const api = assemble().messages.find((m) => m.appId === '/api');

    // p.1: (16 - 10) / 60 = 0.1; p.2: (41 - 40) / 2 = 0.5; p.3: (6.5 - 5) / 2 = 0.75
    expect(api?.tasks.map((t) => [t.id, t.cpu, t.intervalS])).toEqual([
      ['p.1', 0.1, 60],
      ['p.2', 0.5, 2],
      ['p.3', 0.75, 2],
    ]);
    expect(api).toMatchObject({ tasksMissing: 0, agentsFailed: [] });
  });

  it('gives a null CPU figure, not a negative one, when a reset task has no second sample', () => {
    const result = assembleCycle({
      watched,
      plan,
      first,
      second: new Map(),
      previous,
      maxAgeS: 900,
      cycleId: 'c1',
      collectedAt: '2026-11-25T20:00:00.000Z',
    });
    const p3 = result.messages.find((m) => m.appId === '/api')?.tasks.find((t) => t.id === 'p.3');

    expect(p3).toEqual({ id: 'p.3', agentId: 'S1', cpu: null, mem: 0.5, intervalS: null });
  });

  it('keeps the latest counters, keeps those of tasks on failed agents, and prunes executors gone', () => {
    const { counters } = assemble();

    expect(Object.keys(counters.executors).sort()).toEqual(['p.1', 'p.2', 'p.3', 'w.1', 'w.2', 'w.3']);
    expect(counters.executors['w.1']).toEqual({ cpuSecs: 131, ts: 1062, startedAt: STARTED });
    expect(counters.executors['w.3']).toEqual(previous.executors['w.3']);
  });

  it('builds messages the scale function’s schema accepts, with cycle totals', () => {
    const result = assemble();

    for (const message of result.messages) expect(AppUsageMessageSchema.parse(message)).toEqual(message);
    expect(result).toMatchObject({ tasks: 7, tasksMissing: 2 });
    expect(result.agentsFailed).toEqual([{ id: 'S2', reason: 'HTTP_TIMEOUT: mesos-agent did not answer in time' }]);
  });

  it('matches executors to tasks by exact id, not by prefix', () => {
    const prefixOnly = new Map<string, AgentSample>([['S1', ok([executor('w.1-extra', 130, 1060)])]]);
    const only = watchedApps([app('/web', 1, [['w.1', 'S1']])], 'autopilot.enabled');

    const result = assembleCycle({
      watched: only,
      plan: planPolls(only, agents, policy),
      first: prefixOnly,
      second: new Map(),
      previous,
      maxAgeS: 900,
      cycleId: 'c1',
      collectedAt: '2026-11-25T20:00:00.000Z',
    });

    expect(result.messages[0]).toMatchObject({ tasksMissing: 1, tasks: [] });
  });
});
