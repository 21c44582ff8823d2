// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub references
import { METRIC_DIMENSIONS, METRICS_NAMESPACE, SCALE_METRICS } from '#shared/logging/log-shapes.ts';
import { LOG_METRICS } from '#shared/observability/metric-filters.ts';
import { actionsQuery, type FunctionKey, SAVED_QUERIES } from '#shared/observability/queries.ts';
import { ALARM_IDS } from './alarms.ts';
import { FUNCTIONS, logGroupId, logicalName } from './ids.ts';

/**
 * The CloudWatch dashboard body: a JSON string for Fn::Sub, whose only `${...}` are CloudFormation references
 * (`${AWS::Region}`, `${ScaleLogGroup}`, `${DeployLambdaFunction}`, ...). Per-app graphs use SEARCH over the AppId
 * dimension, so apps that start being autoscaled appear without a template change.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

type Widget = Record<string, unknown>;

const REGION = '${AWS::Region}';
const PERIOD_S = 60;

/** A SEARCH over every app's series of one custom metric. */
function perAppSearch(metricName: string, stat: string, periodS = PERIOD_S): string {
  return `SEARCH('{${METRICS_NAMESPACE},${METRIC_DIMENSIONS.appId}} MetricName="${metricName}"', '${stat}', ${periodS})`;
}

function metricWidget(
  title: string,
  metrics: unknown[],
  options: { stat?: string; period?: number; yAxisLabel?: string } = {},
): Widget {
  return {
    type: 'metric',
    properties: {
      title,
      region: REGION,
      view: 'timeSeries',
      stacked: false,
      stat: options.stat ?? 'Average',
      period: options.period ?? PERIOD_S,
      metrics,
      ...(options.yAxisLabel ? { yAxis: { left: { label: options.yAxisLabel, min: 0 } } } : {}),
    },
  };
}

function searchWidget(title: string, searches: Array<{ id: string; expression: string }>, yAxisLabel: string): Widget {
  return metricWidget(
    title,
    searches.map(({ id, expression }) => [{ id, expression }]),
    { yAxisLabel },
  );
}

function lambdaWidget(title: string, metricName: string, stat: string): Widget {
  return metricWidget(
    title,
    FUNCTIONS.map((fn) => [
      'AWS/Lambda',
      metricName,
      'FunctionName',
      `\${${logicalName(fn)}LambdaFunction}`,
      { label: fn, stat },
    ]),
    { stat },
  );
}

function logWidget(title: string, fn: FunctionKey, query: string): Widget {
  return {
    type: 'log',
    properties: { title, region: REGION, view: 'table', query: `SOURCE '\${${logGroupId(fn)}}' | ${query}` },
  };
}

const savedQuery = (name: string): string => {
  const found = SAVED_QUERIES.find((query) => query.name === name);
  if (!found) throw new Error(`no saved query ${name}`);
  return found.query;
};

/** Rows of widgets; each row is laid out left to right on the 24-column grid, 6 units high. */
function rows(): Widget[][] {
  return [
    [
      {
        type: 'alarm',
        properties: {
          title: 'Alarms',
          alarms: ALARM_IDS.map((id) => `\${${id}.Arn}`),
          sortBy: 'stateUpdatedTimestamp',
        },
      },
    ],
    [
      searchWidget(
        'Instances per app: current vs desired',
        [
          { id: 'current', expression: perAppSearch(SCALE_METRICS.current, 'Maximum') },
          { id: 'desired', expression: perAppSearch(SCALE_METRICS.desired, 'Maximum') },
        ],
        'instances',
      ),
      searchWidget(
        'CPU utilisation per app (% of limit)',
        [{ id: 'cpu', expression: perAppSearch(SCALE_METRICS.cpu, 'Average') }],
        '%',
      ),
      searchWidget(
        'Memory utilisation per app (% of limit)',
        [{ id: 'mem', expression: perAppSearch(SCALE_METRICS.mem, 'Average') }],
        '%',
      ),
    ],
    [
      lambdaWidget('Function errors', 'Errors', 'Sum'),
      lambdaWidget('Function duration (p99, ms)', 'Duration', 'p99'),
      lambdaWidget('Function throttles', 'Throttles', 'Sum'),
    ],
    [
      metricWidget(
        'Statistics queue: DLQ depth and oldest message age',
        [
          [
            'AWS/SQS',
            'ApproximateNumberOfMessagesVisible',
            'QueueName',
            '${StatsDeadLetterQueue.QueueName}',
            { label: 'DLQ messages' },
          ],
          [
            'AWS/SQS',
            'ApproximateAgeOfOldestMessage',
            'QueueName',
            '${StatsQueue.QueueName}',
            { label: 'oldest message age (s)', yAxis: 'right' },
          ],
        ],
        { stat: 'Maximum' },
      ),
      metricWidget(
        'Collector: agents failed and messages not sent per cycle',
        [
          [METRICS_NAMESPACE, LOG_METRICS.collectAgentsFailed, { label: 'agents failed (max per cycle)' }],
          [METRICS_NAMESPACE, LOG_METRICS.collectMessagesNotSent, { label: 'messages not sent (max per cycle)' }],
          [METRICS_NAMESPACE, LOG_METRICS.collectCycles, { label: 'completed cycles', stat: 'Sum', yAxis: 'right' }],
        ],
        { stat: 'Maximum' },
      ),
      searchWidget(
        'Scale decisions blocked by a running deployment, per app',
        [{ id: 'blocked', expression: perAppSearch(LOG_METRICS.scaleBlockedByDeployment, 'Sum') }],
        'decisions',
      ),
    ],
    [
      logWidget('Recent scaling actions', 'scale', actionsQuery()),
      logWidget('Recent deploy outcomes', 'deploy', savedQuery('deploy-outcomes')),
    ],
  ];
}

function dashboardBody(): string {
  const widgets: Widget[] = [];
  let y = 0;
  for (const row of rows()) {
    const width = Math.floor(24 / row.length);
    // The alarm status strip is one line of badges; graphs and tables need the height.
    const height = row[0]?.type === 'alarm' ? 3 : 6;
    row.forEach((widget, column) => {
      widgets.push({ ...widget, x: column * width, y, width, height });
    });
    y += height;
  }
  return JSON.stringify({ widgets }, null, 1);
}

export { dashboardBody, perAppSearch };
