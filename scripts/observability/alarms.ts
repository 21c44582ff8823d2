// biome-ignore-all lint/suspicious/noTemplateCurlyInString: serverless variables, resolved when packaging
import { METRICS_NAMESPACE } from '#shared/logging/log-shapes.ts';
import { LOG_METRICS } from '#shared/observability/metric-filters.ts';
import { FUNCTIONS, functionId, logicalName } from './ids.ts';

/**
 * CloudWatch alarms. Each notifies the SNS topic `alarmTopicArn` when set (on ALARM and back to OK); with the
 * default (empty) they only change state, visible on the dashboard.
 */

type Resource = { Type: string; Properties: Record<string, unknown> };

const HAS_ALARM_TOPIC = 'HasAlarmTopic';
const PREFIX = '${self:service}-${sls:stage}';

const CONDITIONS = {
  [HAS_ALARM_TOPIC]: { 'Fn::Not': [{ 'Fn::Equals': ['${param:alarmTopicArn}', ''] }] },
};

const actions = () => ({ 'Fn::If': [HAS_ALARM_TOPIC, ['${param:alarmTopicArn}'], { Ref: 'AWS::NoValue' }] });

function alarm(name: string, description: string, properties: Record<string, unknown>): Resource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${PREFIX}-${name}`,
      AlarmDescription: description,
      ActionsEnabled: true,
      AlarmActions: actions(),
      OKActions: actions(),
      ...properties,
    },
  };
}

function functionErrorsAlarm(fn: (typeof FUNCTIONS)[number]): Resource {
  return alarm(
    `${fn}-errors`,
    `The ${fn} function failed invocations (see its log group, query *-problems/-failures).`,
    {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(fn) } }],
      Statistic: 'Sum',
      Period: '${param:alarmPeriodS}',
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    },
  );
}

/** A period is bad when no cycle completed, an invocation failed, or usage messages were not sent. */
const collectFailing = alarm(
  'collector-cycles-failing',
  'Collect cycles failing for collectFailingPeriods periods in a row: no completed cycle, failed invocations or ' +
    'usage messages not sent (saved query collector-failures).',
  {
    Metrics: [
      {
        Id: 'cycles',
        ReturnData: false,
        MetricStat: {
          Metric: { Namespace: METRICS_NAMESPACE, MetricName: LOG_METRICS.collectCycles },
          Period: '${param:alarmPeriodS}',
          Stat: 'Sum',
        },
      },
      {
        Id: 'notSent',
        ReturnData: false,
        MetricStat: {
          Metric: { Namespace: METRICS_NAMESPACE, MetricName: LOG_METRICS.collectMessagesNotSent },
          Period: '${param:alarmPeriodS}',
          Stat: 'Sum',
        },
      },
      {
        Id: 'errors',
        ReturnData: false,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('collect') } }],
          },
          Period: '${param:alarmPeriodS}',
          Stat: 'Sum',
        },
      },
      {
        Id: 'failing',
        Label: 'collect period failing (1) or fine (0)',
        ReturnData: true,
        Expression: 'IF(FILL(cycles, 0) < 1 OR FILL(errors, 0) > 0 OR FILL(notSent, 0) > 0, 1, 0)',
      },
    ],
    EvaluationPeriods: '${param:collectFailingPeriods}',
    DatapointsToAlarm: '${param:collectFailingPeriods}',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    // No data at all means the schedule stopped firing: that is failing too.
    TreatMissingData: 'breaching',
  },
);

const dlqNotEmpty = alarm(
  'stats-dlq-not-empty',
  'Usage messages reached the statistics dead-letter queue (poison or repeatedly failing; query scale-problems).',
  {
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['StatsDeadLetterQueue', 'QueueName'] } }],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  },
);

/**
 * Some app's decisions were blocked by a running Marathon deployment in each of scaleBlockedPeriods periods: a
 * deployment that does not finish (e.g. tasks failing health checks). The per-app metric on the dashboard says which.
 */
const scaleBlocked = alarm(
  'scale-blocked-by-deployment',
  'Scaling decisions blocked by a Marathon deployment for scaleBlockedPeriods periods in a row (an app stuck in ' +
    'deployment; dashboard widget per app, query scaling-decision-summary).',
  {
    Namespace: METRICS_NAMESPACE,
    MetricName: LOG_METRICS.scaleBlockedByDeploymentAllApps,
    Statistic: 'Sum',
    Period: '${param:alarmPeriodS}',
    EvaluationPeriods: '${param:scaleBlockedPeriods}',
    DatapointsToAlarm: '${param:scaleBlockedPeriods}',
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  },
);

const ALARMS: Record<string, Resource> = {
  StatsDeadLetterQueueNotEmptyAlarm: dlqNotEmpty,
  ...Object.fromEntries(FUNCTIONS.map((fn) => [`${logicalName(fn)}ErrorsAlarm`, functionErrorsAlarm(fn)])),
  CollectCyclesFailingAlarm: collectFailing,
  ScaleBlockedByDeploymentAlarm: scaleBlocked,
};

const ALARM_IDS = Object.keys(ALARMS);

export { ALARM_IDS, ALARMS, CONDITIONS, HAS_ALARM_TOPIC };
