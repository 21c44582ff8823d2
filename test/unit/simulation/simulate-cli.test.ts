import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulate } from '../../../cli/commands/simulate.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simulate-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runSimulate(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

describe('autopilot simulate', () => {
  it('prints a summary table for a built-in trace and writes the chart', async () => {
    const svg = join(dir, 'flash.svg');
    const { code, out } = await run('--trace', 'flash-crowd', '--param', 'maxInstances=60', '--svg', svg);

    expect(code).toBe(0);
    expect(out).toMatch(/trace flash-crowd \(seed 1, 4\.0 h/);
    expect(out).toMatch(/target \(maxInstances=60\)\s+\d+\s+\d+\s+[\d.]+\s+\d+/);
    expect(await readFile(svg, 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('rescales a load to the given peak', async () => {
    const { code, out } = await run('--trace', 'diurnal', '--peak', '0.8', '--cpus', '0.1', '--json');

    expect(code).toBe(0);
    expect(JSON.parse(out).trace.peakDemand).toBeCloseTo(0.8, 10);
  });

  it('compares with every peer, each with the same bounds', async () => {
    const { code, out } = await run('--trace', 'step-down', '--compare', '--param', 'maxInstances=12');

    expect(code).toBe(0);
    for (const label of ['target, product defaults', 'HPA-style', 'threshold', 'seed rule, bug fixed', 'as written']) {
      expect(out).toContain(label);
    }
    const json = JSON.parse(
      (await run('--trace', 'step-down', '--compare', '--param', 'maxInstances=12', '--json')).out,
    );
    expect(json.runs).toHaveLength(6);
    const targets = json.runs.flatMap((run: { actions: { to: number }[] }) => run.actions.map((action) => action.to));
    expect(targets.length).toBeGreaterThan(5);
    expect(Math.max(...targets)).toBeLessThanOrEqual(12);
  });

  it('reads the policy from a manifest and lets flags override its parameters', async () => {
    const manifest = join(dir, 'marathon.json');
    await writeFile(
      manifest,
      JSON.stringify({ id: 'api', cmd: './app', cpus: 1, autoscaling: { policy: 'threshold', maxInstances: 30 } }),
    );
    const { code, out } = await run('--trace', 'slow-ramp', '--manifest', manifest, '--param', 'minCpu=40', '--json');

    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.spec).toEqual({ policy: 'threshold', maxInstances: 30, minCpu: 40 });
    expect(json.model.cpusPerInstance).toBe(1);
    expect(json.runs[0].metrics.instanceHours).toBeGreaterThan(0);
  });

  it('backtests a CSV load and names the bad line of a broken one', async () => {
    const good = join(dir, 'load.csv');
    await writeFile(
      good,
      `timestamp,demand\n${Array.from({ length: 30 }, (_, i) => `${i * 60},${1 + (i % 5)}`).join('\n')}\n`,
    );
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'timestamp,demand\n0,1\n60,oops\n');

    expect((await run('--trace', good)).code).toBe(0);
    const failed = await run('--trace', bad);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('line 3: demand must be a number');
  });

  it('prints the Pareto front of a sweep', async () => {
    const { code, out } = await run(
      '--trace',
      'noisy-plateau',
      '--param',
      'maxInstances=60',
      '--sweep',
      'targetCpu=50,70,85',
      '--json',
    );

    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.grid).toHaveLength(3);
    expect(json.front.length).toBeGreaterThanOrEqual(1);
    const overloads = json.front.map((row: { metrics: { overloadSeconds: number } }) => row.metrics.overloadSeconds);
    expect(overloads).toEqual([...overloads].sort((a, b) => a - b));
  });

  it('explains usage mistakes with exit code 2', async () => {
    const cases = [
      { argv: ['--trace', 'sawtooth'], message: /unknown trace "sawtooth"/ },
      { argv: [], message: /give one load: --trace/ },
      { argv: ['--trace', 'diurnal', '--seed', 'x'], message: /--seed expects a number/ },
      { argv: ['--trace', 'diurnal', '--param', 'targetCpu=0.6'], message: /did you mean 60\?/ },
      { argv: ['--trace', join(dir, 'missing.csv')], message: /no such file; check the path/ },
      { argv: ['--trace', 'diurnal', '--wat'], message: /Unknown option '--wat'/ },
    ];
    for (const { argv, message } of cases) {
      const { code, err } = await run(...argv);
      expect(code).toBe(2);
      expect(err).toMatch(message);
    }
  });

  it('replays recorded collector messages, reconstructing demand with --cpus', async () => {
    const file = join(dir, 'messages.jsonl');
    const lines = Array.from({ length: 20 }, (_, minute) => {
      const at = new Date(Date.parse('2026-02-01T00:00:00Z') + minute * 60_000).toISOString();
      const tasks = [0.9, 0.95, 1].map((cpu, i) => ({ id: `t${i}`, agentId: 'S0', cpu, mem: 0.2, intervalS: 1 }));
      const message = { version: 1, cycleId: at, appId: '/api', collectedAt: at, instances: 3, tasksRunning: 3 };
      return JSON.stringify({ ...message, tasksMissing: 0, agentsFailed: [], tasks });
    });
    await writeFile(file, `${lines.join('\n')}\n`);

    const { code, out } = await run('--replay', file, '--cpus', '1', '--param', 'maxInstances=20', '--json');

    expect(code).toBe(0);
    const json = JSON.parse(out);
    // Σ cpu × cpus per task: (0.9 + 0.95 + 1) × 1 CPU = 2.85 CPU-seconds per second, one sample a minute.
    expect(json.trace).toMatchObject({ name: 'replay /api', stepS: 60, samples: 20 });
    expect(json.trace.peakDemand).toBeCloseTo(2.85, 10);
    expect(json.runs[0].metrics.durationS).toBe(1200);
  });

  it('is reachable through the autopilot dispatcher', async () => {
    const bin = join(import.meta.dirname, '../../../cli/autopilot.ts');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'simulate', '--help']);

    expect(stdout).toContain('autopilot simulate');
    await expect(promisify(execFile)(process.execPath, [bin, 'nope'])).rejects.toMatchObject({ code: 2 });
  });

  it('prints help with examples', async () => {
    const { code, out } = await run('--help');

    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toContain('--sweep');
  });
});
