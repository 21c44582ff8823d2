// biome-ignore-all lint/suspicious/noTemplateCurlyInString: serverless variables in alarm names
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as shapes from '#shared/logging/log-shapes.ts';
import { decisionsQuery, LOG_METRICS, SAVED_QUERIES } from '#shared/observability/index.ts';
import { ALARMS } from '../../../scripts/observability/alarms.ts';

const doc = (name: string) => readFile(join(import.meta.dirname, '../../../docs', name), 'utf8');
/** Inline `code` spans, fenced blocks left out. */
const backticked = (text: string) =>
  new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((match) => match[1]));

describe('docs/log-shapes.md', () => {
  it('documents every message text and field name the queries may rely on', async () => {
    const mentioned = backticked(await doc('log-shapes.md'));
    const declared = [
      shapes.LOG_BASE_FIELDS,
      shapes.SCALE_LOG,
      shapes.SCALE_DECISION_FIELDS,
      shapes.SCALE_OBSERVED_FIELDS,
      shapes.SCALE_PROBLEM_FIELDS,
      shapes.SCALE_ACTIONS,
      shapes.SCALE_BLOCKED_BY,
      shapes.COLLECT_LOG,
      shapes.COLLECT_SUMMARY_FIELDS,
      shapes.COLLECT_PROBLEM_FIELDS,
      shapes.DEPLOY_LOG,
      shapes.DEPLOY_OUTCOMES,
      shapes.DEPLOY_OUTCOME_FIELDS,
      shapes.SCALE_METRICS,
      shapes.METRIC_DIMENSIONS,
      shapes.LAMBDA_RUNTIME_LOG,
    ].flatMap((record) => Object.values(record) as string[]);
    expect(declared.filter((value) => !mentioned.has(value))).toEqual([]);
    expect(mentioned).toContain(shapes.METRICS_NAMESPACE);
  });
});

describe('docs/operations.md', () => {
  it('lists every saved query, metric, alarm and alarm parameter', async () => {
    const mentioned = backticked(await doc('operations.md'));
    const text = [...mentioned].join(' ');
    const alarmSuffixes = Object.values(ALARMS).map((alarm) =>
      String(alarm.Properties.AlarmName).replace('${self:service}-${sls:stage}-', ''),
    );
    const params = ['alarmTopicArn', 'alarmPeriodS', 'collectFailingPeriods', 'scaleBlockedPeriods'];
    const expected = [...SAVED_QUERIES.map((query) => query.name), ...Object.values(LOG_METRICS), ...params];
    expect(expected.filter((value) => !mentioned.has(value))).toEqual([]);
    expect(alarmSuffixes.filter((suffix) => !text.includes(suffix))).toEqual([]);
  });

  it('shows the decisions query exactly as saved', async () => {
    expect(await doc('operations.md')).toContain(`\`\`\`\n${decisionsQuery()}\n\`\`\``);
  });
});
