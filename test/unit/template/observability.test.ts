// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub references in the dashboard body
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_DIMENSIONS, METRICS_NAMESPACE, SCALE_METRICS } from '#shared/logging/log-shapes.ts';
import { LOG_METRICS } from '#shared/observability/metric-filters.ts';
import { type FunctionKey, functionLogGroupName, SAVED_QUERIES } from '#shared/observability/queries.ts';
import { BUILTIN_FIELDS, FIELD_NAMES, LITERALS } from '#test/helpers/log-shape-vocabulary.ts';
import { parseMetricPattern, parseQuery } from '#test/helpers/logs-insights.ts';
import { PARAMETER_OVERRIDES, renderValue, sharedTemplate, type Template } from '#test/helpers/package-template.ts';

let template: Template;

beforeAll(async () => {
  template = await sharedTemplate();
}, 120_000);

const FUNCTIONS: FunctionKey[] = ['deploy', 'collect', 'scale'];
const cap = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}`;

const ofType = (type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type) as Array<
    [string, { Type: string; Properties: Record<string, unknown> }]
  >;

/** The log group a `{ Ref: XLogGroup }` points at, checked to be one of the functions' log groups. */
function functionOfLogGroupRef(ref: unknown): FunctionKey {
  const id = renderValue(ref).replace(/^ref:/, '');
  const fn = FUNCTIONS.find((name) => `${cap(name)}LogGroup` === id);
  if (!fn) throw new Error(`${renderValue(ref)} is not a function log group`);
  expect(template.Resources[id]?.Type).toBe('AWS::Logs::LogGroup');
  expect(template.Resources[id]?.Properties?.LogGroupName).toBe(functionLogGroupName('dev', fn));
  return fn;
}

/** The metric names the template's metric filters produce. */
const filterMetrics = () =>
  ofType('AWS::Logs::MetricFilter').map(
    ([, filter]) => (filter.Properties.MetricTransformations as Array<{ MetricName: string }>)[0]?.MetricName,
  );

function dashboard(): { widgets: Array<{ type: string; properties: Record<string, unknown> }> } {
  const [entry] = ofType('AWS::CloudWatch::Dashboard');
  return JSON.parse(renderValue(entry?.[1].Properties.DashboardBody));
}

describe('saved Logs Insights queries', () => {
  it.each(SAVED_QUERIES.map((query) => [query.name, query] as const))('saves %s on the real log groups', (_, query) => {
    const saved = template.Resources[`${query.id}Query`];
    expect(saved?.Type).toBe('AWS::Logs::QueryDefinition');
    expect(saved?.Properties?.Name).toBe(`marathon-autopilot/dev/${query.name}`);
    expect(saved?.Properties?.QueryString).toBe(query.query);
    const groups = ((saved?.Properties?.LogGroupNames ?? []) as unknown[]).map(functionOfLogGroupRef);
    expect(groups).toEqual(query.functions);
  });

  it('names only declared log fields and literals in every saved query', () => {
    const queries = ofType('AWS::Logs::QueryDefinition');
    expect(queries.length).toBe(SAVED_QUERIES.length);
    for (const [id, query] of queries) {
      const parsed = parseQuery(query.Properties.QueryString as string);
      const unknownFields = [...parsed.fieldRefs].filter((name) => !FIELD_NAMES.has(name) && !BUILTIN_FIELDS.has(name));
      const unknownLiterals = [...parsed.literals].filter((literal) => !LITERALS.has(literal));
      expect({ id, unknownFields, unknownLiterals }).toEqual({ id, unknownFields: [], unknownLiterals: [] });
    }
  });
});

describe('metric filters', () => {
  it('turn declared fields of the real log groups into MarathonAutopilot metrics', () => {
    const filters = ofType('AWS::Logs::MetricFilter');
    expect(filters.length).toBeGreaterThanOrEqual(4);
    for (const [, filter] of filters) {
      functionOfLogGroupRef(filter.Properties.LogGroupName);
      for (const { path, value } of parseMetricPattern(filter.Properties.FilterPattern as string)) {
        expect(FIELD_NAMES).toContain(path);
        expect(LITERALS).toContain(value);
      }
      const [transform] = filter.Properties.MetricTransformations as Array<Record<string, unknown>>;
      expect(transform?.MetricNamespace).toBe(METRICS_NAMESPACE);
      expect(Object.values(LOG_METRICS)).toContain(transform?.MetricName);
      const value = String(transform?.MetricValue);
      if (value.startsWith('$.')) expect(FIELD_NAMES).toContain(value.slice(2));
      for (const dimension of (transform?.Dimensions ?? []) as Array<{ Key: string; Value: string }>) {
        expect(Object.values(METRIC_DIMENSIONS)).toContain(dimension.Key);
        expect(FIELD_NAMES).toContain(dimension.Value.slice(2));
      }
    }
  });

  it('counts collector agents failed per cycle from the collect summary line', () => {
    const filter = template.Resources.CollectAgentsFailedMetricFilter?.Properties ?? {};
    expect(functionOfLogGroupRef(filter.LogGroupName)).toBe('collect');
    expect(filter.MetricTransformations).toEqual([
      expect.objectContaining({ MetricName: LOG_METRICS.collectAgentsFailed, MetricValue: '$.agentsFailedCount' }),
    ]);
  });
});

describe('dashboard', () => {
  const searches = () =>
    dashboard()
      .widgets.flatMap((widget) => (widget.properties.metrics ?? []) as unknown[][])
      .flatMap((row) => row.filter((item) => typeof item === 'object' && item !== null && 'expression' in item))
      .map((item) => (item as { expression: string }).expression);

  it('graphs every EMF metric per app through a SEARCH over the AppId dimension', () => {
    const searched = new Set<string>();
    for (const expression of searches()) {
      const match = /^SEARCH\('\{([^,]+),([^}]+)\} MetricName="([^"]+)"', '\w+', \d+\)$/.exec(expression);
      expect(match, expression).not.toBeNull();
      const [, namespace, dimension, metric = ''] = match ?? [];
      expect(namespace).toBe(METRICS_NAMESPACE);
      expect(dimension).toBe(METRIC_DIMENSIONS.appId);
      searched.add(metric);
    }
    for (const metric of Object.values(SCALE_METRICS)) expect(searched).toContain(metric);
    for (const metric of searched) expect([...Object.values(SCALE_METRICS), ...filterMetrics()]).toContain(metric);
  });

  it('shows errors, duration and throttles of each function, the DLQ depth and failed collector agents', () => {
    const metrics = dashboard().widgets.flatMap((widget) => (widget.properties.metrics ?? []) as unknown[][]);
    for (const name of ['Errors', 'Duration', 'Throttles']) {
      const functions = metrics.filter((row) => row[0] === 'AWS/Lambda' && row[1] === name).map((row) => row[3]);
      expect(functions).toEqual(FUNCTIONS.map((fn) => `\${${cap(fn)}LambdaFunction}`));
    }
    expect(metrics).toContainEqual(
      expect.arrayContaining(['AWS/SQS', 'ApproximateNumberOfMessagesVisible', '${StatsDeadLetterQueue.QueueName}']),
    );
    expect(metrics).toContainEqual(expect.arrayContaining([METRICS_NAMESPACE, LOG_METRICS.collectAgentsFailed]));
    expect(filterMetrics()).toContain(LOG_METRICS.collectAgentsFailed);
  });

  it('refers only to resources of this template and runs saved query text in its log widgets', () => {
    const body = renderValue(ofType('AWS::CloudWatch::Dashboard')[0]?.[1].Properties.DashboardBody);
    for (const [, reference = ''] of body.matchAll(/\$\{([^}]+)\}/g)) {
      if (reference.startsWith('AWS::')) continue;
      expect(template.Resources, reference).toHaveProperty(reference.split('.')[0] ?? '');
    }
    const logWidgets = dashboard().widgets.filter((widget) => widget.type === 'log');
    expect(logWidgets.length).toBeGreaterThan(0);
    for (const widget of logWidgets) {
      const [, group, query = ''] = /^SOURCE '\$\{(\w+)\}' \| ([\s\S]+)$/.exec(String(widget.properties.query)) ?? [];
      functionOfLogGroupRef({ Ref: group });
      expect([...parseQuery(query).fieldRefs].every((name) => FIELD_NAMES.has(name) || BUILTIN_FIELDS.has(name))).toBe(
        true,
      );
    }
  });
});

describe('alarms', () => {
  const alarm = (id: string) => template.Resources[id]?.Properties ?? {};

  it('notifies nobody by default: the SNS topic parameter is empty', () => {
    expect(template.Conditions).toMatchObject({ HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] } });
    for (const [, resource] of ofType('AWS::CloudWatch::Alarm')) {
      expect(resource.Properties.AlarmActions).toEqual({ 'Fn::If': ['HasAlarmTopic', [''], { Ref: 'AWS::NoValue' }] });
    }
  });

  it('alarms when the statistics DLQ holds any message', () => {
    expect(alarm('StatsDeadLetterQueueNotEmptyAlarm')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['StatsDeadLetterQueue', 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(FUNCTIONS)('alarms on errors of the %s function', (fn) => {
    expect(alarm(`${cap(fn)}ErrorsAlarm`)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: `${cap(fn)}LambdaFunction` } }],
      Threshold: 1,
    });
  });

  it('alarms when collect cycles fail or stop, from metrics the template produces', () => {
    const failing = alarm('CollectCyclesFailingAlarm');
    const metrics = failing.Metrics as Array<{ MetricStat?: { Metric: Record<string, unknown> } }>;
    const custom = metrics.flatMap((m) => (m.MetricStat?.Metric.Namespace === METRICS_NAMESPACE ? [m.MetricStat] : []));
    expect(custom.map((stat) => stat?.Metric.MetricName).sort()).toEqual(
      [LOG_METRICS.collectCycles, LOG_METRICS.collectMessagesNotSent].sort(),
    );
    for (const stat of custom) expect(filterMetrics()).toContain(stat?.Metric.MetricName);
    expect(failing).toMatchObject({ EvaluationPeriods: 2, DatapointsToAlarm: 2, TreatMissingData: 'breaching' });
  });

  it('alarms when scale decisions stay blocked by a deployment for scaleBlockedPeriods periods', () => {
    expect(alarm('ScaleBlockedByDeploymentAlarm')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: LOG_METRICS.scaleBlockedByDeploymentAllApps,
      Period: 300,
      EvaluationPeriods: 6,
      DatapointsToAlarm: 6,
    });
    expect(filterMetrics()).toContain(LOG_METRICS.scaleBlockedByDeploymentAllApps);
  });

  it('applies parameters: topic, period and persistence follow --param', async () => {
    // PARAMETER_OVERRIDES: an SNS topic, 60 s periods, 30 blocked periods (shared with the functions test).
    const topic = PARAMETER_OVERRIDES.alarmTopicArn;
    const custom = await sharedTemplate(PARAMETER_OVERRIDES);
    expect(custom.Conditions).toMatchObject({ HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [topic, ''] }] } });
    expect(custom.Resources.ScaleErrorsAlarm?.Properties?.OKActions).toEqual({
      'Fn::If': ['HasAlarmTopic', [topic], { Ref: 'AWS::NoValue' }],
    });
    const blocked = custom.Resources.ScaleBlockedByDeploymentAlarm?.Properties ?? {};
    expect([Number(blocked.Period), Number(blocked.EvaluationPeriods)]).toEqual([60, 30]);
  }, 120_000);
});
