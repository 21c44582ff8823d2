import { describe, expect, it } from 'vitest';
import { AutoscalingSpecSchema, policyConfigFromLabels, specToLabels } from '#shared/scaling/index.ts';

const DEFAULTS = { policy: 'target' as const };

describe('specToLabels', () => {
  it('writes the enabled flag and only the keys the user set, as strings', () => {
    const labels = specToLabels({ policy: 'target', minInstances: 2, targetCpu: 65, targetMem: undefined });

    expect(labels).toEqual({
      'autopilot.enabled': 'true',
      'autopilot.policy': 'target',
      'autopilot.minInstances': '2',
      'autopilot.targetCpu': '65',
    });
  });

  it('keeps an explicit enabled=false so the collector skips the app', () => {
    expect(specToLabels({ policy: 'seed', enabled: false })['autopilot.enabled']).toBe('false');
  });

  it('refuses an invalid block', () => {
    expect(() => specToLabels({ policy: 'target', targetCpu: 0.7 })).toThrow(/did you mean 70/);
  });

  it('round-trips through the labels to the same config', () => {
    const spec = {
      policy: 'threshold',
      triggerMode: 'or',
      maxCpu: 85,
      minCpu: 30,
      dryRun: true,
      maxChange: 3,
    } as const;

    const result = policyConfigFromLabels(specToLabels(spec), DEFAULTS);

    expect(result).toEqual({ ok: true, config: AutoscalingSpecSchema.parse(spec) });
  });
});

describe('policyConfigFromLabels', () => {
  it('falls back to the configured default policy and its defaults', () => {
    const result = policyConfigFromLabels({ 'autopilot.enabled': 'true', HAPROXY_GROUP: 'external' }, DEFAULTS);

    expect(result.ok && result.config).toMatchObject({
      policy: 'target',
      targetCpu: 80,
      tolerance: 0.12,
      downStabilisationS: 240,
      minInstances: 1,
      dryRun: false,
    });
  });

  it('skips the autopilot labels the deploy function keeps for itself', () => {
    const labels = {
      'autopilot.enabled': 'true',
      'autopilot.digest': 'sha256:ab12',
      'autopilot.source-key': 'incoming/a.tar.gz',
    };

    expect(policyConfigFromLabels(labels, DEFAULTS).ok).toBe(true);
  });

  it('treats absent labels like an empty set', () => {
    expect(policyConfigFromLabels(undefined, { policy: 'seed' })).toMatchObject({
      ok: true,
      config: { policy: 'seed' },
    });
  });

  it('forces dry-run when the configuration says so', () => {
    const result = policyConfigFromLabels({ 'autopilot.dryRun': 'false' }, { policy: 'target', dryRun: true });

    expect(result.ok && result.config.dryRun).toBe(true);
  });

  it('names a bad number label, its value and the fix', () => {
    const result = policyConfigFromLabels({ 'autopilot.minInstances': 'two' }, DEFAULTS);

    expect(result).toMatchObject({
      ok: false,
      problems: [
        {
          label: 'autopilot.minInstances',
          value: 'two',
          problem: 'minInstances must be a number, e.g. 2',
          fix: expect.stringContaining('set autopilot.minInstances to a valid value'),
        },
      ],
    });
    expect(!result.ok && result.message).toBe(
      'invalid autoscaling labels, app left alone: autopilot.minInstances="two": minInstances must be a number, e.g. 2',
    );
  });

  it('rejects an unknown policy', () => {
    const result = policyConfigFromLabels({ 'autopilot.policy': 'magic' }, DEFAULTS);

    expect(!result.ok && result.problems[0]).toMatchObject({
      label: 'autopilot.policy',
      problem: 'policy must be one of target, threshold, seed, seed-original',
    });
  });

  it('rejects a parameter that belongs to another policy', () => {
    const result = policyConfigFromLabels({ 'autopilot.policy': 'seed', 'autopilot.targetCpu': '70' }, DEFAULTS);

    expect(!result.ok && result.problems[0]).toMatchObject({
      label: 'autopilot.targetCpu',
      value: '70',
      problem: 'not a parameter of policy seed',
    });
  });

  it('rejects a fraction written where a percentage is meant', () => {
    const result = policyConfigFromLabels({ 'autopilot.targetCpu': '0.7' }, DEFAULTS);

    expect(!result.ok && result.problems[0]?.problem).toBe(
      'targetCpu is a percentage (e.g. 70 for 70 %), got 0.7: did you mean 70?',
    );
  });

  it.each([
    [
      { 'autopilot.minInstances': '5', 'autopilot.maxInstances': '2' },
      'autopilot.maxInstances',
      'maxInstances (2) must be ≥ minInstances (5)',
    ],
    [
      { 'autopilot.policy': 'threshold', 'autopilot.minCpu': '90' },
      'autopilot.minCpu',
      'minCpu (90) must be below maxCpu (80)',
    ],
    [
      { 'autopilot.policy': 'threshold', 'autopilot.minMem': '80' },
      'autopilot.minMem',
      'minMem (80) must be below maxMem (75)',
    ],
    [
      { 'autopilot.policy': 'seed-original', 'autopilot.downFraction': '0.95' },
      'autopilot.downFraction',
      'downFraction (0.95) must be below upFraction (0.9)',
    ],
    [{ 'autopilot.enabled': 'yes' }, 'autopilot.enabled', 'enabled must be true or false'],
    [{ 'autopilot.cooldownS': '-1' }, 'autopilot.cooldownS', 'cooldownS must be 0 or more seconds, e.g. 60'],
    [
      { 'autopilot.policy': 'threshold', 'autopilot.triggerMode': 'cpu+mem' },
      'autopilot.triggerMode',
      'triggerMode must be one of cpu, mem, and, or',
    ],
    [
      { 'autopilot.policy': 'threshold', 'autopilot.multiplier': '1' },
      'autopilot.multiplier',
      'multiplier must be greater than 1, e.g. 1.5',
    ],
    [{ 'autopilot.step': '1.5', 'autopilot.policy': 'seed' }, 'autopilot.step', 'step must be a whole number, e.g. 2'],
    [{ 'autopilot.maxChange': '0' }, 'autopilot.maxChange', 'maxChange must be at least 1, e.g. 5'],
    [{ 'autopilot.tolerance': '2' }, 'autopilot.tolerance', 'tolerance must be between 0 and 1, e.g. 0.1'],
  ])('explains %o', (labels, label, problem) => {
    const result = policyConfigFromLabels(labels, DEFAULTS);

    expect(!result.ok && result.problems).toContainEqual(expect.objectContaining({ label, problem }));
  });

  it('names the default-valued label a set value conflicts with', () => {
    const result = policyConfigFromLabels({ 'autopilot.minInstances': '20' }, DEFAULTS);

    expect(!result.ok && result.problems[0]).toMatchObject({ label: 'autopilot.maxInstances', value: undefined });
    expect(!result.ok && result.message).toContain(
      'autopilot.maxInstances=null: maxInstances (10) must be ≥ minInstances (20)',
    );
  });

  it('rejects a target that could never scale up because utilisation cannot pass 100 %', () => {
    const result = policyConfigFromLabels({ 'autopilot.targetCpu': '90', 'autopilot.tolerance': '0.2' }, DEFAULTS);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('never scales up');
    expect(!result.ok && result.message).toContain('targetCpu 82');
  });

  it('accepts 0 for a lower threshold but not a fraction', () => {
    const zero = policyConfigFromLabels({ 'autopilot.policy': 'threshold', 'autopilot.minCpu': '0' }, DEFAULTS);
    const fraction = policyConfigFromLabels({ 'autopilot.policy': 'threshold', 'autopilot.minCpu': '0.5' }, DEFAULTS);

    expect(zero.ok).toBe(true);
    expect(fraction.ok).toBe(false);
  });
});
