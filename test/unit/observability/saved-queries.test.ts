import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECT_LOG, DEPLOY_OUTCOMES, SCALE_LOG } from '#shared/logging/log-shapes.ts';
import { LOG_METRICS, METRIC_FILTERS } from '#shared/observability/metric-filters.ts';
import { type FunctionKey, SAVED_QUERIES } from '#shared/observability/queries.ts';
import {
  fieldNames,
  type LogRecord,
  metricPatternMatches,
  parseQuery,
  runQuery,
  toRecord,
} from '#test/helpers/logs-insights.ts';
import { observabilityLines } from '#test/helpers/observability-lines.ts';

/**
 * Each saved query, run by the test-side Logs Insights evaluator over the lines the functions write (see
 * test/helpers/observability-lines.ts for where each function's lines come from), finds exactly the records an
 * operator expects from it.
 */

let lines: Record<FunctionKey, string[]>;

beforeAll(async () => {
  lines = await observabilityLines();
});

const run = (name: string): LogRecord[] => {
  const query = SAVED_QUERIES.find((saved) => saved.name === name);
  if (!query) throw new Error(`no saved query ${name}`);
  return runQuery(
    query.query,
    query.functions.flatMap((fn) => lines[fn]),
  );
};

describe('saved queries over the functions’ log lines', () => {
  it('scaling-decisions lists every decision per app with its reason', () => {
    const rows = run('scaling-decisions');
    expect(rows.map((row) => [row.appId, row.action, row.reason]).sort()).toEqual([
      ['/api', 'none', 'deployment-in-progress'],
      ['/batch', 'none', 'within-tolerance'],
      ['/web', 'scale-up', 'above-target'],
    ]);
    expect(rows.find((row) => row.appId === '/api')).toMatchObject({ blockedBy: 'deployment', current: 2, desired: 2 });
    expect(rows.find((row) => row.appId === '/web')).toMatchObject({ 'observed.cpuMean': 0.95, deploymentId: 'd-1' });
  });

  it('scaling-actions keeps only decisions that change the instance count', () => {
    expect(run('scaling-actions').map((row) => [row.appId, row.current, row.desired])).toEqual([['/web', 2, 3]]);
  });

  it('scaling-decision-summary counts decisions per app, action, reason and guard', () => {
    expect(run('scaling-decision-summary')).toContainEqual({
      appId: '/api',
      action: 'none',
      reason: 'deployment-in-progress',
      blockedBy: 'deployment',
      decisions: 1,
    });
  });

  it('scale-problems shows failures and poison messages, not decisions or duplicates', () => {
    expect(
      run('scale-problems')
        .map((row) => row.message)
        .sort(),
    ).toEqual([SCALE_LOG.failed, SCALE_LOG.poison].sort());
  });

  it('deploy-outcomes has one row per outcome', () => {
    expect(
      run('deploy-outcomes')
        .map((row) => row.outcome)
        .sort(),
    ).toEqual(Object.values(DEPLOY_OUTCOMES).sort());
  });

  it('rejected-bundles shows the rejected upload with its code and reason', () => {
    expect(run('rejected-bundles')).toEqual([
      expect.objectContaining({ key: 'incoming/bad.tar.gz', code: 'BUNDLE_NO_MANIFEST', message: expect.any(String) }),
    ]);
  });

  it('collector-cycles has one summary per cycle with the failed agents counted', () => {
    const rows = run('collector-cycles');
    expect(rows.map((row) => [row.cycleId, row.agentsFailedCount, row.messagesFailed])).toEqual([
      ['cycle-2', 1, 1],
      ['cycle-1', 0, 0],
    ]);
  });

  it('collector-failures shows the agent that failed and the message not sent, not the summaries', () => {
    const rows = run('collector-failures');
    expect(rows.map((row) => row.message).sort()).toEqual([COLLECT_LOG.agentFailed, COLLECT_LOG.sendFailed].sort());
    expect(rows.every((row) => row.cycleId === 'cycle-2')).toBe(true);
  });

  it('every field a query displays is written by the function it reads', () => {
    for (const query of SAVED_QUERIES) {
      const written = new Set(query.functions.flatMap((fn) => lines[fn]).flatMap(fieldNames));
      const missing = [...parseQuery(query.query).fieldRefs].filter((field) => !written.has(field));
      expect({ query: query.name, missing }).toEqual({ query: query.name, missing: [] });
    }
  });
});

describe('metric filters over the functions’ log lines', () => {
  const matching = (id: string) => {
    const filter = METRIC_FILTERS.find((spec) => spec.id === id);
    if (!filter) throw new Error(`no metric filter ${id}`);
    return {
      filter,
      records: lines[filter.fn].filter((line) => metricPatternMatches(filter.pattern, line)).map(toRecord),
    };
  };

  it('counts agents failed per collect cycle from the summary line', () => {
    const { filter, records } = matching('CollectAgentsFailed');
    expect(filter.metricName).toBe(LOG_METRICS.collectAgentsFailed);
    expect(records.map((record) => record[filter.metricValue.slice(2)])).toEqual([0, 1]);
  });

  it('counts scale decisions blocked by a deployment, per app', () => {
    const { filter, records } = matching('ScaleBlockedByDeployment');
    const dimension = Object.values(filter.dimensions ?? {})[0]?.slice(2) ?? '';
    expect(records.map((record) => record[dimension])).toEqual(['/api']);
    expect(matching('ScaleBlockedByDeploymentAllApps').records).toHaveLength(1);
  });
});
