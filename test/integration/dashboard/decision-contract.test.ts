import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeries, type Decision, parseDecisionLine } from '#local/dashboard/index.ts';
import { loadConfig } from '#shared/config/index.ts';
import { Logger } from '#shared/logging/index.ts';
import { createScaler } from '#shared/scale/index.ts';
import {
  marathonApp,
  type ScaleFakeMarathon,
  sqsRecord,
  startScaleFakeMarathon,
  startStateBucket,
  usageMessage,
} from '#test/helpers/scale-harness.ts';

/**
 * The contract between the scale function and the dashboard: the decision lines the real scaler logs (against
 * s3rver for its state and a loopback Marathon) are the ones the dashboard parses and charts.
 */

const APP = '/rest-app';
const COLLECTED = '2026-11-25T20:00:00.000Z';
const BUCKET = 'dashboard-contract';

describe('decision lines from the scale function', () => {
  let bucket: Awaited<ReturnType<typeof startStateBucket>>;
  let marathon: ScaleFakeMarathon;
  const lines: string[] = [];

  beforeAll(async () => {
    [bucket, marathon] = await Promise.all([startStateBucket(BUCKET), startScaleFakeMarathon()]);
    marathon.apps.set(APP, marathonApp(APP, 1, { 'autopilot.maxInstances': '4' }));
  });
  afterAll(async () => {
    await Promise.all([bucket?.close(), marathon?.close()]);
  });

  it('parse into the decisions the dashboard shows and charts', async () => {
    const config = loadConfig({
      BUNDLE_BUCKET: BUCKET,
      STATS_QUEUE_URL: 'http://127.0.0.1:1/000000000000/stats.fifo',
      MARATHON_URL: marathon.url,
      MESOS_MASTER_URL: 'http://127.0.0.1:1',
    });
    let now = Date.parse(COLLECTED) + 5_000;
    const scaler = createScaler(config, {
      s3: bucket.s3,
      logger: new Logger({ service: 'marathon-autopilot', sink: (line) => lines.push(line) }),
      metricsSink: (line) => lines.push(line),
      clock: () => now,
    });

    await scaler.run([sqsRecord(usageMessage(APP, 'c-1', COLLECTED, 1, 0.97), APP)]);
    now += 60_000;
    const later = new Date(Date.parse(COLLECTED) + 60_000).toISOString();
    await scaler.run([sqsRecord(usageMessage(APP, 'c-2', later, 2, 0.05), APP)]);

    const decisions = lines.map(parseDecisionLine).filter((d): d is Decision => d !== undefined);
    expect(decisions.map((d) => [d.cycleId, d.action, d.current, d.desired, d.applied])).toEqual([
      ['c-1', 'scale-up', 1, 2, true],
      ['c-2', 'none', 2, 2, false],
    ]);
    expect(decisions[0]).toMatchObject({ appId: APP, policy: 'target', cpuMean: 0.97, reason: expect.any(String) });
    expect(decisions[1]?.reasonText).toBeTruthy();
    const series = buildSeries(APP, decisions);
    expect(series.instances.map((p) => p.v)).toEqual([1, 2]);
    expect(series.marks).toHaveLength(2);
  });
});
