import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREBUILT_BUNDLE, readTarGz, selectExampleBundle } from '#local/example/index.ts';

let outDir: string;
let emptyDistPackages: string;

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'example-out-'));
  emptyDistPackages = await mkdtemp(join(tmpdir(), 'no-debian-'));
});

afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(emptyDistPackages, { recursive: true, force: true });
});

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('selectExampleBundle', () => {
  it('uses the committed prebuilt bundle when Debian packages are absent, and says how to get them', async () => {
    const bundle = await selectExampleBundle({ outDir, distPackages: emptyDistPackages });

    expect(bundle.kind).toBe('prebuilt');
    expect(bundle.path).toBe(PREBUILT_BUNDLE);
    expect(bundle.why).toContain('apt-get install -y --no-install-recommends python3-falcon gunicorn');
    expect(bundle.why).toMatch(/python3 \d+\.\d+/);
  });

  it('packs the fallback with server.py and marathon.json at the root, the same bytes every time', async () => {
    const first = await selectExampleBundle({ outDir, kind: 'fallback' });
    const firstDigest = await sha256(first.path);
    const second = await selectExampleBundle({ outDir, kind: 'fallback' });

    expect(first.kind).toBe('fallback');
    expect(first.why).toContain('fallback');
    expect((await readTarGz(first.path)).map((file) => file.name)).toEqual(['marathon.json', 'server.py']);
    expect(await sha256(second.path)).toBe(firstDigest);
  });

  it('fails with the apt-get command when a build is insisted on without the Debian packages', async () => {
    const result = selectExampleBundle({ outDir, distPackages: emptyDistPackages, kind: 'built-pex' });

    await expect(result).rejects.toMatchObject({
      code: 'EXAMPLE_UNAVAILABLE',
      message: expect.stringContaining('apt-get'),
    });
  });

  it('says python3 is needed when the interpreter does not run', async () => {
    const result = selectExampleBundle({ outDir, python: join(emptyDistPackages, 'python3') });

    await expect(result).rejects.toMatchObject({ code: 'EXAMPLE_NO_PYTHON' });
  });
});
