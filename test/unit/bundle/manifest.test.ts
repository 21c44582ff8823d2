import { describe, expect, it } from 'vitest';
import { ManifestSchema, parseManifest, suggestAppId } from '#shared/bundle/index.ts';
import { seedManifest } from '#test/helpers/bundles.ts';

const parse = (value: unknown) => () => parseManifest(Buffer.from(JSON.stringify(value)));

describe('manifest', () => {
  it('fills defaults for cpus, mem and instances', () => {
    expect(ManifestSchema.parse({ id: 'a', cmd: 'run' })).toMatchObject({ cpus: 0.5, mem: 128, instances: 1 });
  });

  it('accepts group ids with dots and a leading slash', () => {
    expect(parse(seedManifest({ id: '/shop/api.v2' }))()).toMatchObject({ id: '/shop/api.v2' });
  });

  it.each([
    ['rest_app', 'rest-app'],
    ['Rest App', 'rest-app'],
    ['/shop/-api_', 'shop/api'],
    ['___', 'my-app'],
  ])('suggests a valid id for %s', (input, suggestion) => {
    expect(suggestAppId(input)).toBe(suggestion);
  });

  it('rejects an upper-case id with BUNDLE_INVALID_APP_ID', () => {
    expect(parse(seedManifest({ id: 'RestApp' }))).toThrow(expect.objectContaining({ code: 'BUNDLE_INVALID_APP_ID' }));
  });

  it('rejects a missing id with a message saying what an id is', () => {
    expect(parse(seedManifest({ id: undefined }))).toThrow(/id is required: the Marathon app id/);
  });

  it('rejects memory below 32 MiB and fractional instances', () => {
    expect(parse(seedManifest({ mem: 8, instances: 1.5 }))).toThrow(/mem must be at least 32.*instances/);
  });

  it('rejects labels with the reserved autopilot. prefix, naming the label', () => {
    expect(parse(seedManifest({ labels: { 'autopilot.digest': 'x' } }))).toThrow(
      /label "autopilot\.digest" uses the reserved "autopilot\." prefix/,
    );
  });

  it('rejects env names that are not shell variable names', () => {
    expect(parse(seedManifest({ env: { 'MY-VAR': 'x' } }))).toThrow(
      /env names must be letters, digits and underscores/,
    );
  });

  it('rejects an autoscaling block without a known policy, naming the policies', () => {
    expect(parse(seedManifest({ autoscaling: { maxInstances: 3 } }))).toThrow(
      /autoscaling\.policy: policy must be one of target, threshold, seed, seed-original/,
    );
  });

  it('checks autoscaling parameters with the scaling module rules', () => {
    expect(parse(seedManifest({ autoscaling: { policy: 'target', targetCpu: 0.6 } }))).toThrow(
      /autoscaling\.targetCpu: targetCpu is a percentage .* did you mean 60\?/,
    );
    expect(parse(seedManifest({ autoscaling: { policy: 'target', maxInstances: 2, minInstances: 3 } }))).toThrow(
      /autoscaling\.maxInstances: maxInstances \(2\) must be ≥ minInstances \(3\)/,
    );
    expect(parse(seedManifest({ autoscaling: { policy: 'target', stepSize: 3 } }))).toThrow(
      /unknown parameter\(s\) "stepSize" for policy "target"/,
    );
  });

  it('keeps the autoscaling block as written, without filling the policy defaults', () => {
    const manifest = parse(seedManifest({ autoscaling: { policy: 'target', maxInstances: 4 } }))();
    expect(manifest.autoscaling).toEqual({ policy: 'target', maxInstances: 4 });
  });

  it('rejects unknown fields and explains the Marathon ones users may expect', () => {
    expect(parse(seedManifest({ uris: ['http://x'] }))).toThrow(/unknown field\(s\) "uris".*fetches the bundle itself/);
  });
});
