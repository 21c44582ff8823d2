import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTreeAlive, trackedGroups } from '#local/cluster/index.ts';
import { runDemo } from '#local/demo/run-demo.ts';
import { readStackFile } from '#local/demo/stack-file.ts';

/**
 * `npm start` headless: the scenario a newcomer watches, with timings shortened (collect every second, windows
 * scaled to match). Real s3rver, fauxqs, stand-in with real Python task processes, the three real functions.
 */
describe('npm start scenario', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('deploys the example app, which answers {"foo":"bar"}, scales it up under load and down after, and leaves nothing running', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'e2e-start-'));
    const lines: string[] = [];
    const demo = await runDemo(
      {
        dataDir,
        agents: 2,
        scheduleMs: 1_000,
        loadRate: 20,
        loadMs: 40_000,
        holdMs: 2_000,
        scenarioTimeoutMs: 75_000,
        exitAfterScenario: true,
      },
      { print: (line) => lines.push(line) },
    );
    // Every task process group the stand-in starts, including the ones scaled away later.
    const groups = new Set<number>();
    const sampler = setInterval(() => {
      for (const group of trackedGroups()) groups.add(group);
    }, 200);
    let result: Awaited<typeof demo.scenario>;
    try {
      expect((await readStackFile(dataDir)).state).toBe('running');
      result = await demo.scenario;
    } finally {
      clearInterval(sampler);
      for (const group of trackedGroups()) groups.add(group);
      await demo.stop();
    }

    expect(result.deploy.outcome, lines.join('\n')).toBe('deployed');
    expect(result.answer.body).toEqual({ foo: 'bar' });
    expect(result.answer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const changes = demo.decisions.decisions.filter((d) => d.action !== 'none' && !d.applyError);
    expect(changes.some((d) => d.action === 'scale-up' && d.desired > d.current)).toBe(true);
    expect(changes.some((d) => d.action === 'scale-down' && d.desired < d.current)).toBe(true);
    expect(lines.some((line) => /^decision {2}\d\d:\d\d:\d\d rest-app \S+ 1 → \d scale-up: /.test(line))).toBe(true);

    expect(groups.size).toBeGreaterThan(1);
    const alive = [...groups].filter((pgid) => isTreeAlive(pgid));
    expect(alive).toEqual([]);
    expect(trackedGroups()).toEqual([]);
    expect((await readStackFile(dataDir)).state).toBe('missing');
  }, 90_000);
});
