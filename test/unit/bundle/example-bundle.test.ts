import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR, FALLBACK_DIR, PREBUILT_BUNDLE } from '#local/example/index.ts';
import { parseManifest, validateBundle } from '#shared/bundle/index.ts';

const limits = { maxEntries: 10_000, maxUncompressedBytes: 2 * 1024 ** 3, maxRatio: 100, manifestMaxBytes: 64 * 1024 };

describe('the example app', () => {
  it('has a prebuilt bundle the deploy function accepts', async () => {
    const result = await validateBundle(createReadStream(PREBUILT_BUNDLE), limits);
    expect(result.manifest).toMatchObject({ id: 'rest-app', autoscaling: { policy: 'target' } });
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['zipapp', EXAMPLE_DIR],
    ['fallback', FALLBACK_DIR],
  ])('has a valid %s manifest', async (_kind, dir) => {
    const manifest = parseManifest(await readFile(join(dir, 'marathon.json')));
    expect(manifest.cmd).toContain('$PORT0');
  });
});
