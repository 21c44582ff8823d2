import { describe, expect, it } from 'vitest';
import {
  actionsQuery,
  decisionsQuery,
  functionLogGroupName,
  ObservabilityInputError,
  SAVED_QUERIES,
} from '#shared/observability/index.ts';
import { parseQuery, runQuery } from '#test/helpers/logs-insights.ts';

const decision = (appId: string) => JSON.stringify({ message: 'scaling decision', appId, action: 'none' });

describe('decisionsQuery', () => {
  it('is the saved scaling-decisions query when no app is given', () => {
    expect(SAVED_QUERIES.find((query) => query.name === 'scaling-decisions')?.query).toBe(decisionsQuery());
    expect(SAVED_QUERIES.find((query) => query.name === 'scaling-actions')?.query).toBe(actionsQuery());
  });

  it('narrows to one app, with or without the leading slash', () => {
    const lines = [decision('/web'), decision('/api'), decision('/group/web')];
    expect(runQuery(decisionsQuery('web'), lines).map((row) => row.appId)).toEqual(['/web']);
    expect(runQuery(decisionsQuery('/group/web'), lines).map((row) => row.appId)).toEqual(['/group/web']);
    expect(runQuery(decisionsQuery(), lines)).toHaveLength(3);
  });

  it('refuses app ids that are not Marathon ids, so nothing can be injected into the query', () => {
    for (const bad of ['web" or message = "x', 'Web', '', '/web/', 'a b']) {
      expect(() => decisionsQuery(bad)).toThrow(ObservabilityInputError);
    }
    expect(() => actionsQuery('x"')).toThrow(expect.objectContaining({ code: 'INVALID_APP_ID' }));
  });

  it('stays within the Logs Insights subset the tests can evaluate', () => {
    for (const query of SAVED_QUERIES) expect(() => parseQuery(query.query)).not.toThrow();
  });
});

describe('functionLogGroupName', () => {
  it('names the log group Lambda writes a function of a stage to', () => {
    expect(functionLogGroupName('prod', 'scale')).toBe('/aws/lambda/marathon-autopilot-prod-scale');
  });
});
