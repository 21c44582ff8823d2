import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '#local/demo/args.ts';

describe('parseStartArgs', () => {
  it('gives the documented defaults with no flags, data dir resolved against the working directory', () => {
    const parsed = parseStartArgs([], '/repo');
    if (!('options' in parsed)) throw new Error('expected options');
    expect(parsed.options).toMatchObject({
      agents: 3,
      scheduleMs: 5_000,
      load: true,
      loadRate: 20,
      exitAfterScenario: false,
      dashboard: true,
      dataDir: '/repo/.local',
    });
    expect(parsed.options.policy).toBeUndefined();
  });

  it('reads every flag', () => {
    const parsed = parseStartArgs(
      [
        '--agents',
        '5',
        '--policy',
        'threshold',
        '--schedule-ms',
        '1000',
        '--no-load',
        '--no-dashboard',
        '--load-rate',
        '10',
        '--load-ms',
        '20000',
        '--hold-ms',
        '0',
        '--example',
        'fallback',
        '--data-dir',
        '/tmp/x',
        '--exit-after-scenario',
        '--scenario-timeout-ms',
        '60000',
        '--verbose',
      ],
      '/repo',
    );
    if (!('options' in parsed)) throw new Error('expected options');
    expect(parsed.options).toEqual({
      agents: 5,
      policy: 'threshold',
      scheduleMs: 1_000,
      load: false,
      loadRate: 10,
      loadMs: 20_000,
      holdMs: 0,
      example: 'fallback',
      dataDir: '/tmp/x',
      dashboard: false,
      exitAfterScenario: true,
      scenarioTimeoutMs: 60_000,
      verbose: true,
    });
  });

  it('answers --help without parsing the rest', () => {
    expect(parseStartArgs(['--help', '--agents', 'many'])).toEqual({ help: true });
  });

  it('names the flag at fault for a bad value', () => {
    const parsed = parseStartArgs(['--policy', 'fastest']);
    expect('error' in parsed && parsed.error).toMatch(/^--policy: /);
    const agents = parseStartArgs(['--agents', '0']);
    expect('error' in agents && agents.error).toMatch(/^--agents: /);
    const schedule = parseStartArgs(['--schedule-ms', 'soon']);
    expect('error' in schedule && schedule.error).toMatch(/^--schedule-ms: /);
  });

  it('refuses unknown flags', () => {
    const parsed = parseStartArgs(['--turbo']);
    expect('error' in parsed && parsed.error).toMatch(/turbo/);
  });
});
