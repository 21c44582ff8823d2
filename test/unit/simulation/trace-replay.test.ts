import { describe, expect, it } from 'vitest';
import { demandOf, parseReplayTrace, SimulationConfigError, TraceFormatError } from '#shared/simulation/index.ts';

function message(appId: string, minute: number, cpus: (number | null)[]) {
  const at = new Date(Date.parse('2026-02-01T00:00:00Z') + minute * 60_000).toISOString();
  return JSON.stringify({
    version: 1,
    cycleId: at,
    appId,
    collectedAt: at,
    instances: cpus.length,
    tasksRunning: cpus.length,
    tasksMissing: cpus.filter((cpu) => cpu === null).length,
    agentsFailed: [],
    tasks: cpus.map((cpu, i) => ({ id: `t${i}`, agentId: 'S0', cpu, mem: 0.2, intervalS: 1 })),
  });
}

describe('parseReplayTrace', () => {
  it('reconstructs demand as the sum of task CPU fractions times CPU per task', () => {
    const text = [message('/api', 0, [0.5, 0.7]), message('/api', 1, [1, 1, null]), message('/api', 2, [0.2])].join(
      '\n',
    );

    const trace = parseReplayTrace(text, { cpusPerInstance: 0.5 });

    expect(trace.name).toBe('replay /api');
    expect(trace.stepS).toBe(60);
    expect(trace.demand).toEqual([0.6, 1, 0.1]);
    expect(trace.startMs).toBe(Date.parse('2026-02-01T00:00:00Z'));
  });

  it('sorts messages by time and keeps one per collect cycle', () => {
    const text = [message('/api', 1, [1]), message('/api', 0, [0.4]), message('/api', 1, [1])].join('\n');

    expect(parseReplayTrace(text, { cpusPerInstance: 1 }).demand).toEqual([0.4, 1]);
  });

  it('asks which app to replay when the recording holds several', () => {
    const text = [message('/api', 0, [1]), message('/web', 0, [1]), message('/api', 1, [1])].join('\n');

    expect(() => parseReplayTrace(text, { cpusPerInstance: 1 })).toThrow(SimulationConfigError);
    expect(() => parseReplayTrace(text, { cpusPerInstance: 1 })).toThrow(/2 apps \(\/api, \/web\)/);
    expect(parseReplayTrace(text, { cpusPerInstance: 1, appId: '/api' }).demand).toEqual([1, 1]);
    expect(() => parseReplayTrace(text, { cpusPerInstance: 1, appId: '/db' })).toThrow(/no message for app "\/db"/);
  });

  it('names the line of a message that is not JSON or not a collector message', () => {
    expect(() => parseReplayTrace(`${message('/api', 0, [1])}\n{oops`, { cpusPerInstance: 1 })).toThrow(
      /line 2: not JSON/,
    );
    expect(() => parseReplayTrace('{"version": 2}', { cpusPerInstance: 1 })).toThrow(TraceFormatError);
  });
});

describe('demandOf', () => {
  const base = JSON.parse(message('/api', 0, [0.5, 0.5]));

  it('prefers the exact summary over every measured task', () => {
    const withSummary = {
      ...base,
      tasksOmitted: 8,
      summary: { cpuTasks: 10, cpuMean: 0.6, cpuMax: 0.9, memTasks: 10, memMean: 0.2, memMax: 0.3 },
    };

    expect(demandOf(withSummary, 0.5)).toBeCloseTo(3, 10);
  });

  it('scales the kept tasks up by the omitted ones when there is no summary', () => {
    expect(demandOf({ ...base, tasksOmitted: 2 }, 1)).toBeCloseTo(2, 10);
    expect(demandOf({ ...base, tasks: [] }, 1)).toBe(0);
  });
});
