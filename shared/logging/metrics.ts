/**
 * CloudWatch embedded metric format (EMF): one JSON line on stdout that CloudWatch Logs turns into metrics, so
 * dashboards and alarms need no log parsing. @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
const METRICS_NAMESPACE = 'MarathonAutopilot';

/** Metric names per app (dimension `AppId`). */
const SCALE_METRICS = {
  desired: 'DesiredInstances',
  current: 'CurrentInstances',
  cpu: 'CpuUtilisation',
  mem: 'MemUtilisation',
} as const;

interface ScaleMetricValues {
  appId: string;
  desired: number;
  current: number;
  /** Mean utilisation as a fraction of the limits; `null` when unmeasured (the metric is then left out). */
  cpuMean: number | null;
  memMean: number | null;
}

type MetricsSink = (line: string) => void;

const stdoutSink: MetricsSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** Builds the EMF line (utilisation in percent, so graphs read like the policy parameters). */
function scaleMetricsLine(values: ScaleMetricValues, timestampMs: number): string {
  const metrics: { Name: string; Unit: string }[] = [
    { Name: SCALE_METRICS.desired, Unit: 'Count' },
    { Name: SCALE_METRICS.current, Unit: 'Count' },
  ];
  const fields: Record<string, number | string> = {
    AppId: values.appId,
    [SCALE_METRICS.desired]: values.desired,
    [SCALE_METRICS.current]: values.current,
  };
  if (values.cpuMean !== null) {
    metrics.push({ Name: SCALE_METRICS.cpu, Unit: 'Percent' });
    fields[SCALE_METRICS.cpu] = Math.round(values.cpuMean * 1000) / 10;
  }
  if (values.memMean !== null) {
    metrics.push({ Name: SCALE_METRICS.mem, Unit: 'Percent' });
    fields[SCALE_METRICS.mem] = Math.round(values.memMean * 1000) / 10;
  }
  return JSON.stringify({
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['AppId']], Metrics: metrics }],
    },
    ...fields,
  });
}

function emitScaleMetrics(values: ScaleMetricValues, timestampMs: number, sink: MetricsSink = stdoutSink): void {
  sink(scaleMetricsLine(values, timestampMs));
}

export type { MetricsSink, ScaleMetricValues };
export { emitScaleMetrics, METRICS_NAMESPACE, SCALE_METRICS, scaleMetricsLine };
