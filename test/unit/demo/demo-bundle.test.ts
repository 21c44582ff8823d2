import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoAutoscaling, writeDemoBundle } from '#local/demo/demo-bundle.ts';
import { readTarGz, writeTarGz } from '#local/example/index.ts';
import { AutoscalingSpecSchema, POLICY_NAMES } from '#shared/scaling/index.ts';

describe('demoAutoscaling', () => {
  it.each(POLICY_NAMES)('gives %s parameters the policy engine accepts, for fast and slow schedules', (policy) => {
    for (const scheduleMs of [200, 1_000, 5_000, 60_000]) {
      const spec = demoAutoscaling(policy, scheduleMs);
      expect(AutoscalingSpecSchema.safeParse(spec).success, JSON.stringify(spec)).toBe(true);
      expect(spec.policy).toBe(policy);
    }
  });

  it('shortens the target policy windows with the schedule', () => {
    expect(demoAutoscaling('target', 1_000).downStabilisationS).toBe(3);
    expect(demoAutoscaling('target', 5_000).downStabilisationS).toBe(15);
  });
});

describe('writeDemoBundle', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("replaces only marathon.json's autoscaling block, --policy winning over the manifest", async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-bundle-'));
    const source = join(dir, 'source.tar.gz');
    const manifest = { id: 'rest-app', cmd: 'python3 ./server.py', autoscaling: { policy: 'target' } };
    const files = [
      { name: 'marathon.json', mode: 0o644, data: Buffer.from(JSON.stringify(manifest)) },
      { name: 'server.py', mode: 0o644, data: Buffer.from('print(1)') },
    ];
    await writeTarGz(files, source);

    const bundle = await writeDemoBundle(source, dir, { policy: 'threshold', scheduleMs: 2_000 });

    expect(bundle).toMatchObject({ appId: 'rest-app', manifestPolicy: 'target' });
    const written = await readTarGz(bundle.path);
    const app = written.find((file) => file.name === 'server.py');
    expect(app?.data.toString()).toBe('print(1)');
    const rewritten = JSON.parse(written.find((file) => file.name === 'marathon.json')?.data.toString() ?? '{}');
    expect(rewritten).toMatchObject({
      id: 'rest-app',
      cmd: 'python3 ./server.py',
      autoscaling: { policy: 'threshold' },
    });
  });

  it('refuses a bundle without marathon.json', async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-bundle-'));
    const source = join(dir, 'source.tar.gz');
    await writeTarGz([{ name: 'server.py', mode: 0o644, data: Buffer.from('x') }], source);
    await expect(writeDemoBundle(source, dir, { scheduleMs: 1_000 })).rejects.toThrow(/no marathon.json/);
  });
});
