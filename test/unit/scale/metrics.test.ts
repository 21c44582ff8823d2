import { describe, expect, it } from 'vitest';
import { emitScaleMetrics, METRICS_NAMESPACE, scaleMetricsLine } from '#shared/logging/metrics.ts';

describe('EMF scale metrics', () => {
  it('writes one embedded-metric line per app with the AppId dimension and utilisation in percent', () => {
    const line = JSON.parse(
      scaleMetricsLine({ appId: '/api', desired: 6, current: 4, cpuMean: 0.8234, memMean: 0.5 }, 1_764_000_000_000),
    );

    expect(line).toEqual({
      _aws: {
        Timestamp: 1_764_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['AppId']],
            Metrics: [
              { Name: 'DesiredInstances', Unit: 'Count' },
              { Name: 'CurrentInstances', Unit: 'Count' },
              { Name: 'CpuUtilisation', Unit: 'Percent' },
              { Name: 'MemUtilisation', Unit: 'Percent' },
            ],
          },
        ],
      },
      AppId: '/api',
      DesiredInstances: 6,
      CurrentInstances: 4,
      CpuUtilisation: 82.3,
      MemUtilisation: 50,
    });
  });

  it('leaves out utilisation it could not measure, since EMF values must be numbers', () => {
    const lines: string[] = [];

    emitScaleMetrics({ appId: '/api', desired: 2, current: 2, cpuMean: null, memMean: null }, 0, (line) =>
      lines.push(line),
    );

    const line = JSON.parse(lines[0] ?? '{}');
    expect(line._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toEqual([
      'DesiredInstances',
      'CurrentInstances',
    ]);
    expect(line).not.toHaveProperty('CpuUtilisation');
  });
});
