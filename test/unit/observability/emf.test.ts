import { describe, expect, it } from 'vitest';
import { METRIC_DIMENSIONS, METRICS_NAMESPACE, SCALE_METRICS } from '#shared/logging/log-shapes.ts';
import { emitScaleMetrics } from '#shared/logging/metrics.ts';
import { perAppSearch } from '../../../scripts/observability/dashboard.ts';

/** The dashboard's per-app SEARCH expressions find what the scale function's EMF lines really publish. */

function published(line: string) {
  const parsed = JSON.parse(line) as {
    _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
  } & Record<string, unknown>;
  return parsed._aws.CloudWatchMetrics.flatMap((directive) =>
    directive.Metrics.map((metric) => ({
      namespace: directive.Namespace,
      dimensions: directive.Dimensions,
      name: metric.Name,
      value: parsed[metric.Name],
      appId: parsed[METRIC_DIMENSIONS.appId],
    })),
  );
}

describe('scale EMF metrics', () => {
  it('publishes every metric the dashboard searches, in its namespace, per AppId', () => {
    const lines: string[] = [];
    emitScaleMetrics({ appId: '/web', desired: 3, current: 2, cpuMean: 0.95, memMean: 0.41 }, 1_795_723_203_412, (l) =>
      lines.push(l),
    );
    const metrics = published(lines[0] ?? '{}');
    expect(metrics.map((metric) => metric.name).sort()).toEqual(Object.values(SCALE_METRICS).sort());
    for (const metric of metrics) {
      expect(metric).toMatchObject({
        namespace: METRICS_NAMESPACE,
        dimensions: [[METRIC_DIMENSIONS.appId]],
        appId: '/web',
      });
      expect(perAppSearch(metric.name, 'Maximum')).toBe(
        `SEARCH('{${metric.namespace},${metric.dimensions[0]?.[0]}} MetricName="${metric.name}"', 'Maximum', 60)`,
      );
    }
    expect(metrics.find((metric) => metric.name === SCALE_METRICS.cpu)?.value).toBe(95);
  });

  it('leaves utilisation out when unmeasured, so the graphs show gaps rather than zeros', () => {
    const lines: string[] = [];
    emitScaleMetrics({ appId: '/web', desired: 1, current: 1, cpuMean: null, memMean: null }, 0, (l) => lines.push(l));
    expect(
      published(lines[0] ?? '{}')
        .map((metric) => metric.name)
        .sort(),
    ).toEqual([SCALE_METRICS.current, SCALE_METRICS.desired].sort());
  });
});
