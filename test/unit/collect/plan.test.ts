import { describe, expect, it } from 'vitest';
import { CidrConfigError, parseCidrList, planPolls, watchedApps } from '#shared/collect/index.ts';
import type { MarathonApp } from '#shared/marathon/index.ts';
import type { MesosAgent } from '#shared/mesos/index.ts';

const policy = parseCidrList('10.0.0.0/8, 127.0.0.0/8,fd00::/8');

function app(id: string, tasks: Array<{ id: string; host: string; slaveId?: string }>, enabled = 'true'): MarathonApp {
  return {
    id,
    cpus: 0.5,
    mem: 128,
    instances: tasks.length,
    labels: { 'autopilot.enabled': enabled },
    tasks: tasks.map((task) => ({ appId: id, ...task })),
  };
}

function agent(id: string, hostname: string, overrides: Partial<MesosAgent> = {}): MesosAgent {
  return { id, hostname, port: 5051, active: true, ...overrides };
}

describe('parseCidrList', () => {
  it('allows addresses inside the listed ranges, IPv4 and IPv6', () => {
    expect(policy.rejectReason('10.1.2.3')).toBeUndefined();
    expect(policy.rejectReason('127.0.0.42')).toBeUndefined();
    expect(policy.rejectReason('fd00::1')).toBeUndefined();
  });

  it('rejects addresses outside the ranges, naming the address', () => {
    expect(policy.rejectReason('169.254.169.254')).toBe('address 169.254.169.254 is outside AGENT_ALLOWED_CIDRS');
    expect(policy.rejectReason('8.8.8.8')).toMatch(/outside/);
  });

  it('rejects host names, so a master answer cannot point us at a DNS name', () => {
    expect(policy.rejectReason('evil.example.com')).toMatch(/not an IP address/);
    expect(policy.rejectReason('10.0.0.1@evil.example.com')).toMatch(/not an IP address/);
  });

  it('throws CidrConfigError naming a bad entry', () => {
    expect(() => parseCidrList('10.0.0.0/8,10.0.0.0')).toThrow(CidrConfigError);
    expect(() => parseCidrList('10.0.0.0/33')).toThrow(/10.0.0.0\/33/);
    expect(() => parseCidrList('host/8')).toThrow(/not an IP address/);
  });
});

describe('watchedApps', () => {
  it('keeps only apps whose label is exactly the string true', () => {
    const apps = [app('/a', []), app('/b', [], 'false'), app('/c', [], 'TRUE'), { ...app('/d', []), labels: {} }];

    expect(watchedApps(apps, 'autopilot.enabled').map((w) => w.app.id)).toEqual(['/a']);
  });
});

describe('planPolls', () => {
  it('polls each agent running a watched task once, matched by slaveId', () => {
    const watched = watchedApps(
      [
        app('/a', [
          { id: 'a.1', host: '10.0.0.1', slaveId: 'S1' },
          { id: 'a.2', host: '10.0.0.1', slaveId: 'S1' },
        ]),
        app('/b', [{ id: 'b.1', host: '10.0.0.1', slaveId: 'S1' }]),
      ],
      'autopilot.enabled',
    );

    const plan = planPolls(watched, [agent('S1', '10.0.0.1'), agent('S2', '10.0.0.2')], policy);

    expect(plan.agents.map((a) => a.id)).toEqual(['S1']);
    expect(plan.taskAgent.get('b.1')).toBe('S1');
  });

  it('falls back to the host name when the task has no slaveId and the host is unique', () => {
    const watched = watchedApps([app('/a', [{ id: 'a.1', host: '10.0.0.2' }])], 'autopilot.enabled');

    const plan = planPolls(watched, [agent('S1', '10.0.0.1'), agent('S2', '10.0.0.2')], policy);

    expect(plan.taskAgent.get('a.1')).toBe('S2');
  });

  it('skips inactive, unknown and out-of-range agents with a reason', () => {
    const watched = watchedApps(
      [
        app('/a', [
          { id: 'a.1', host: '10.0.0.1', slaveId: 'S1' },
          { id: 'a.2', host: '10.0.0.9', slaveId: 'S9' },
          { id: 'a.3', host: '169.254.169.254', slaveId: 'S3' },
        ]),
      ],
      'autopilot.enabled',
    );
    const agents = [agent('S1', '10.0.0.1', { active: false }), agent('S3', '169.254.169.254')];

    const plan = planPolls(watched, agents, policy);

    expect(plan.agents).toEqual([]);
    expect([...plan.skipped.values()]).toEqual([
      { id: 'S1', reason: 'agent is not active' },
      { id: 'S9', reason: 'agent not listed by the master' },
      { id: 'S3', reason: 'address 169.254.169.254 is outside AGENT_ALLOWED_CIDRS' },
    ]);
  });
});
