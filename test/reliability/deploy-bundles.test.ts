import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedBundle, seedManifest } from '#test/helpers/bundles.ts';
import { type Fate, runUpload, useDeployHarness } from './deploy-harness.ts';
import { count, reportCounts } from './tally.ts';

/**
 * Generated bad bundles through the deploy pipeline: random truncations and byte flips of a valid bundle, and
 * manifests with one field broken. Every case must end as a rejection with a code and its record, the upload left
 * in place and nothing sent to Marathon, or (a harmless flip) as a valid deploy; never as an escaping error.
 * The hand-written corpus (one case per rejection code) is test/integration/deploy/rejections.test.ts, which
 * asserts the same three things per case; the validator's own cases are test/unit/bundle/validate.test.ts.
 */

reportCounts();
const h = useDeployHarness();
let sequence = 0;

async function fuzzCase(bytes: Buffer): Promise<Fate> {
  sequence += 1;
  count('inputs');
  const puts = h.marathon.puts().length;
  const fate = await runUpload(h, `incoming/fuzz-${sequence}.tar.gz`, bytes);
  if (fate.fate === 'crashed') throw fate.error;
  if (fate.fate === 'rejected') {
    expect(fate.code).toMatch(/^BUNDLE_[A-Z_]+$/);
    expect(fate.message.length).toBeGreaterThan(15);
    expect(h.marathon.puts().length).toBe(puts);
  } else {
    expect(fate.fate).toBe('deployed');
  }
  return fate;
}

describe('fuzzed bundles', () => {
  it('rejects every truncation of a valid bundle with a code, keeping the upload', async () => {
    const valid = await seedBundle({ id: 'fuzz-app' });
    const cuts = fc.sample(fc.integer({ min: 0, max: valid.length - 1 }), { numRuns: 40, seed: 10 });
    const codes = new Set<string>();
    for (const cut of [0, 1, 10, valid.length - 1, ...cuts]) {
      const fate = await fuzzCase(valid.subarray(0, cut));
      expect(fate.fate).toBe('rejected');
      if (fate.fate === 'rejected') codes.add(fate.code);
    }
    expect([...codes].sort()).toEqual(expect.arrayContaining(['BUNDLE_NOT_GZIP', 'BUNDLE_TRUNCATED']));
  });

  it('rejects or (when harmless) deploys every byte-flipped bundle, never crashing', async () => {
    const valid = await seedBundle({ id: 'flip-app' });
    const flips = fc.sample(
      fc.array(fc.record({ at: fc.nat(valid.length - 1), bit: fc.integer({ min: 0, max: 7 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
      { numRuns: 60, seed: 10 },
    );
    const fates = new Map<string, number>();
    for (const flip of flips) {
      const bytes = Buffer.from(valid);
      for (const { at, bit } of flip) bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
      const fate = await fuzzCase(bytes);
      const label = fate.fate === 'rejected' ? fate.code : fate.fate;
      fates.set(label, (fates.get(label) ?? 0) + 1);
    }
    expect(fates.size).toBeGreaterThan(1);
  });
});

describe('manifests with one field broken', () => {
  const broken: Record<string, unknown[]> = {
    id: [42, null, 'Upper_Case', '', '../escape', 'a'.repeat(300)],
    cmd: [42, null, ['python3', 'api.py']],
    cpus: ['half', -1, null, {}],
    mem: ['lots', 1, -128, null],
    instances: [1.5, -1, 'two'],
    env: [[], 'A=b', { 'bad name': 'x' }, { A: 1 }],
    autoscaling: ['on', { policy: 'magic' }, { policy: 'target', minInstances: 5, maxInstances: 1 }],
    labels: [{ 'autopilot.digest': 'forged' }, 'x'],
  };
  const cases = fc.sample(
    fc
      .constantFrom(...Object.keys(broken))
      .chain((field) => fc.record({ field: fc.constant(field), value: fc.constantFrom(...(broken[field] ?? [])) })),
    { numRuns: 40, seed: 10 },
  );
  const extra = Object.entries(broken).flatMap(([field, values]) => values.map((value) => ({ field, value })));

  it('rejects each with BUNDLE_INVALID_MANIFEST or BUNDLE_INVALID_APP_ID, naming the field', async () => {
    for (const { field, value } of [...extra, ...cases]) {
      const fate = await fuzzCase(await seedBundle({ ...seedManifest(), id: `m-${sequence + 1}`, [field]: value }));

      expect(fate.fate, `${field}=${JSON.stringify(value)}`).toBe('rejected');
      if (fate.fate !== 'rejected') continue;
      expect(fate.code).toMatch(/^BUNDLE_INVALID_(MANIFEST|APP_ID)$/);
      expect(fate.message, `${field}=${JSON.stringify(value)}`).toContain(
        field === 'labels' && value !== 'x' ? 'autopilot.' : field,
      );
    }
  });

  it('rejects a manifest with an unknown field, naming it', async () => {
    const fate = await fuzzCase(await seedBundle({ id: 'unknown-field', constraints: [['hostname', 'UNIQUE']] }));

    expect(fate).toMatchObject({ fate: 'rejected', code: 'BUNDLE_INVALID_MANIFEST' });
    expect(fate.fate === 'rejected' && fate.message).toContain('constraints');
  });
});
