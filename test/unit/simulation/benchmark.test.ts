import { describe, expect, it } from 'vitest';
import {
  checkGoals,
  PEERS,
  renderBenchMarkdown,
  runBenchmark,
  sumTotals,
  type Totals,
} from '#shared/simulation/index.ts';

function totals(overloadSeconds: number, instanceHours: number, actions: number): Totals {
  return { overloadSeconds, saturatedSeconds: 0, instanceHours, actions, worstOverload: 1 };
}

function resultWith(byPeer: Record<string, Totals>) {
  return {
    seeds: [1],
    traces: ['diurnal'],
    peers: [],
    runs: [],
    totals: { diurnal: byPeer, total: byPeer },
    charted: {},
  };
}

describe('sumTotals', () => {
  it('sums overload, instance-hours and actions and keeps the worst overload', () => {
    const sum = sumTotals([totals(10, 2, 3), { ...totals(5, 1, 1), worstOverload: 2.5 }]);

    expect(sum).toEqual({ overloadSeconds: 15, saturatedSeconds: 0, instanceHours: 3, actions: 4, worstOverload: 2.5 });
    expect(sumTotals([totals(1, 1, 1), { ...totals(1, 1, 1), worstOverload: null }]).worstOverload).toBeNull();
  });
});

describe('checkGoals', () => {
  const ids = { candidate: 'mine', seed: 'seed', hpa: 'hpa' };

  it('meets the goals at exactly half the seed overload, equal HPA instance-hours and one action fewer', () => {
    const result = resultWith({ mine: totals(50, 10, 9), seed: totals(100, 8, 10), hpa: totals(20, 10, 10) });

    expect(checkGoals(result, ids)[0]).toEqual({
      trace: 'diurnal',
      overloadVsSeed: 0.5,
      overloadMet: true,
      instanceHoursVsHpa: 1,
      instanceHoursMet: true,
      actionsMet: true,
    });
  });

  it('misses each goal just past its line', () => {
    const result = resultWith({ mine: totals(51, 10.1, 10), seed: totals(100, 8, 12), hpa: totals(20, 10, 10) });
    const [check] = checkGoals(result, ids);

    expect(check?.overloadMet).toBe(false);
    expect(check?.instanceHoursMet).toBe(false);
    expect(check?.actionsMet).toBe(false);
  });

  it('counts zero overload against zero as met, with no ratio', () => {
    const result = resultWith({ mine: totals(0, 1, 1), seed: totals(0, 1, 5), hpa: totals(0, 1, 5) });

    expect(checkGoals(result, ids)[0]).toMatchObject({ overloadVsSeed: null, overloadMet: true });
  });
});

describe('runBenchmark', () => {
  const peers = PEERS.filter((peer) => peer.id === 'product-default' || peer.id === 'seed-fixed' || peer.id === 'hpa');
  const result = runBenchmark({ traces: ['step-down'], seeds: [1, 2], peers });

  it('runs every peer on every seed and totals per family and overall', () => {
    expect(result.runs).toHaveLength(6);
    const mine = result.runs.filter((run) => run.peer === 'hpa');
    expect(result.totals['step-down']?.hpa?.instanceHours).toBeCloseTo(
      (mine[0]?.metrics.instanceHours ?? 0) + (mine[1]?.metrics.instanceHours ?? 0),
      10,
    );
    expect(result.totals.total).toEqual(result.totals['step-down']);
    expect(result.charted['step-down']).toHaveLength(3);
  });

  it('renders a table per family, the total and the goals', () => {
    const markdown = renderBenchMarkdown(result, {
      candidateLabel: 'target, product defaults',
      ids: { seed: 'seed-fixed', hpa: 'hpa' },
      goals: [
        {
          seedLabel: 'seed',
          checks: checkGoals(result, { candidate: 'product-default', seed: 'seed-fixed', hpa: 'hpa' }),
        },
      ],
      preamble: ['test run'],
    });

    expect(markdown).toContain('## Trace family: step-down');
    expect(markdown).toContain('## Total (every family)');
    expect(markdown).toMatch(/\| step-down \| (✅|❌) /);
    expect(markdown.match(/^\| HPA-style, Kubernetes defaults \|.*\| 1\.00× \|/m)).not.toBeNull();
  });
});
