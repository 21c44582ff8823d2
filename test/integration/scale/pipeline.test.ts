import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAws } from '#local/aws/index.ts';
import type { LocalCluster } from '#local/cluster/index.ts';
import type { LocalRunner } from '#local/runner/index.ts';
import { SCALE_LOG } from '#shared/logging/scale-log.ts';
import type { MarathonClient } from '#shared/marathon/index.ts';
import { burnerApp, startLoopRunner, startStackAndCluster } from '#test/helpers/local-loop.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

/**
 * The whole loop on the local stack: a task that really burns CPU on the stand-in, collect (every 2 s) measuring it
 * from the agents' /monitor/statistics.json, the FIFO queue, scale deciding and PUTting to Marathon. Load on →
 * scaled up; load off → scaled back down; every usage message scale consumed gave a decision (or a logged drop).
 */

const APP = '/pipeline/burner';
let dataDir: string;
let stack: LocalAws;
let cluster: LocalCluster;
let runner: LocalRunner;
let marathon: MarathonClient;
let hotFlag: string;
const lines: { name: string; line: Record<string, unknown> }[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'autopilot-pipeline-'));
  hotFlag = join(dataDir, 'hot');
  await writeFile(hotFlag, '');
  ({ stack, cluster, marathon } = await startStackAndCluster(dataDir, 1));
  await marathon.putApp(APP, {
    ...burnerApp(hotFlag),
    instances: 1,
    labels: {
      'autopilot.enabled': 'true',
      'autopilot.targetCpu': '50',
      'autopilot.maxInstances': '2',
      // Scale back down at once: the Kubernetes-style 240 s window would outlast the test.
      'autopilot.downStabilisationS': '0',
    },
  });
  await waitFor(async () => (await marathon.getApp(APP))?.deployments?.length === 0, { what: 'app deployed' });
  runner = await startLoopRunner(stack, cluster, dataDir, false);
  runner.on('log', (name, text) => {
    for (const line of text.split('\n')) {
      try {
        if (line.startsWith('{')) lines.push({ name, line: JSON.parse(line) });
      } catch {
        lines.push({ name, line: { unparsed: line } });
      }
    }
  });
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await cluster?.stop();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const scaleLines = (message: string) =>
  lines.filter((entry) => entry.name === 'scale' && entry.line.message === message).map((entry) => entry.line);

describe('collect → SQS → scale on the local stack', () => {
  it('scales a loaded app up, and back down when the load stops, logging every decision', async () => {
    await waitFor(
      async () => {
        const app = await marathon.getApp(APP);
        const running = (app?.tasks ?? []).filter((task) => task.state === 'TASK_RUNNING');
        return app?.instances === 2 && app.deployments?.length === 0 && running.length === 2;
      },
      { what: 'scaled up to two running tasks', timeoutMs: 45_000 },
    );
    await rm(hotFlag);
    await waitFor(async () => (await marathon.getApp(APP))?.instances === 1, {
      what: 'scaled down',
      timeoutMs: 45_000,
    });

    // Log lines reach this thread from the function's worker a moment after Marathon has changed.
    const hasAction = (action: string, current: number, desired: number) =>
      scaleLines(SCALE_LOG.decision).some(
        (line) => line.appId === APP && line.action === action && line.current === current && line.desired === desired,
      );
    await waitFor(() => hasAction('scale-up', 1, 2) && hasAction('scale-down', 2, 1), { what: 'both decision lines' });
    await runner.stop();

    // Every message scale took off the queue ended in a decision line or a logged drop, none silently.
    const consumed = runner.invocations
      .filter((invocation) => invocation.name === 'scale' && invocation.error === undefined)
      .flatMap((invocation) => (invocation.event as { Records: { body: string }[] }).Records)
      .map((record) => JSON.parse(record.body).cycleId as string);
    const logged = new Set(
      [...scaleLines(SCALE_LOG.decision), ...scaleLines(SCALE_LOG.dropped)].map((line) => line.cycleId),
    );
    expect(consumed.length).toBeGreaterThanOrEqual(2);
    expect(consumed.filter((cycleId) => !logged.has(cycleId))).toEqual([]);
  }, 120_000);
});
