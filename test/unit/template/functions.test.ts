import { beforeAll, describe, expect, it } from 'vitest';
import { PARAMETER_OVERRIDES, renderValue, sharedTemplate, type Template } from '#test/helpers/package-template.ts';

let template: Template;

beforeAll(async () => {
  // Shared with the other template tests that need the default parameters: packaged once per run.
  template = await sharedTemplate();
}, 120_000);

const props = (logicalId: string): Record<string, unknown> => {
  const resource = template.Resources[logicalId];
  if (!resource?.Properties) throw new Error(`template has no ${logicalId}`);
  return resource.Properties;
};

describe('packaged functions', () => {
  it.each(['Deploy', 'Collect', 'Scale'])('runs %s on nodejs24.x, arm64, with its own role', (name) => {
    const fn = props(`${name}LambdaFunction`);
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Handler).toBe(`functions/${name.toLowerCase()}/handler.handler`);
    expect(renderValue(fn.Role)).toBe(`${name}Role.Arn`);
  });

  it('runs one deploy and one collect cycle at a time (single writer of current.json and the counters)', () => {
    expect(props('DeployLambdaFunction').ReservedConcurrentExecutions).toBe(1);
    expect(props('CollectLambdaFunction').ReservedConcurrentExecutions).toBe(1);
    expect(props('ScaleLambdaFunction')).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it('passes credentials to every function as SSM parameter names, never as values', () => {
    for (const name of ['Deploy', 'Collect', 'Scale']) {
      const variables = (props(`${name}LambdaFunction`).Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.MARATHON_CREDENTIALS_PARAM).toBe('/marathon-autopilot/dev/marathon-credentials');
      expect(variables.MESOS_CREDENTIALS_PARAM).toBe('/marathon-autopilot/dev/mesos-credentials');
      expect(variables).not.toHaveProperty('MARATHON_CREDENTIALS');
      expect(variables).not.toHaveProperty('MESOS_CREDENTIALS');
      expect(renderValue(variables.STATS_QUEUE_URL)).toBe('ref:StatsQueue');
    }
  });

  it('keeps each function log group for the configured retention', () => {
    for (const name of ['Deploy', 'Collect', 'Scale']) {
      expect(props(`${name}LogGroup`)).toMatchObject({
        LogGroupName: `/aws/lambda/marathon-autopilot-dev-${name.toLowerCase()}`,
        RetentionInDays: 30,
      });
    }
  });

  it('triggers deploy on every object created under incoming/ ending in .tar.gz', () => {
    const notification = props('S3BucketBundles').NotificationConfiguration as {
      LambdaConfigurations: Array<Record<string, unknown>>;
    };
    expect(notification.LambdaConfigurations).toHaveLength(1);
    const [trigger] = notification.LambdaConfigurations;
    expect(trigger?.Event).toBe('s3:ObjectCreated:*');
    expect(renderValue(trigger?.Function)).toBe('DeployLambdaFunction.Arn');
    expect(trigger?.Filter).toEqual({
      S3Key: {
        Rules: [
          { Name: 'prefix', Value: 'incoming/' },
          { Name: 'suffix', Value: '.tar.gz' },
        ],
      },
    });
  });

  it('runs collect on the configured schedule', () => {
    expect(props('CollectEventsRuleSchedule1')).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
    });
  });

  it('uses FIFO for the statistics queue and its DLQ, redriving after 5 receives', () => {
    const queue = props('StatsQueue');
    const dlq = props('StatsDeadLetterQueue');
    expect(queue.FifoQueue).toBe(true);
    expect(dlq.FifoQueue).toBe(true);
    expect(queue.QueueName).toBe('marathon-autopilot-dev-stats.fifo');
    expect(dlq.QueueName).toBe('marathon-autopilot-dev-stats-dlq.fifo');
    const redrive = queue.RedrivePolicy as Record<string, unknown>;
    expect(renderValue(redrive.deadLetterTargetArn)).toBe('StatsDeadLetterQueue.Arn');
    expect(redrive.maxReceiveCount).toBe(5);
  });

  it('lets scale report per-message failures from batches of the statistics queue', () => {
    const mapping = props('ScaleEventSourceMappingSQSStatsQueue');
    expect(renderValue(mapping.EventSourceArn)).toBe('StatsQueue.Arn');
    expect(renderValue(mapping.FunctionName)).toBe('ScaleLambdaFunction.Arn');
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.BatchSize).toBe(10);
  });

  it('applies parameters: prefix, schedule, receive count and retention follow --param', async () => {
    // PARAMETER_OVERRIDES: uploads/, rate(5 minutes), 3 receives, 7 days (shared with the observability test).
    const resources = (await sharedTemplate(PARAMETER_OVERRIDES)).Resources;
    expect(JSON.stringify(resources.S3BucketBundles?.Properties)).toContain('"Value":"uploads/"');
    expect(resources.CollectEventsRuleSchedule1?.Properties?.ScheduleExpression).toBe('rate(5 minutes)');
    // CLI params arrive as strings; CloudFormation accepts both forms for these two properties.
    const redrive = resources.StatsQueue?.Properties?.RedrivePolicy as { maxReceiveCount: unknown };
    expect(Number(redrive.maxReceiveCount)).toBe(3);
    expect(Number(resources.ScaleLogGroup?.Properties?.RetentionInDays)).toBe(7);
  }, 120_000);
});
