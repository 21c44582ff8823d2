import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type BundleLimits, validateBundle } from '#shared/bundle/index.ts';
import { bundleOf, seedBundle, seedManifest, tarOf } from '#test/helpers/bundles.ts';

const limits: BundleLimits = {
  maxEntries: 100,
  maxUncompressedBytes: 64 * 1024 * 1024,
  maxRatio: 100,
  manifestMaxBytes: 4096,
};

/** Feeds the bytes in small chunks, as a socket would. */
function streamOf(bytes: Buffer, chunkSize = 1000): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

async function rejectionOf(bytes: Buffer, overrides: Partial<BundleLimits> = {}) {
  const error = await validateBundle(streamOf(bytes), { ...limits, ...overrides }).then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string },
  );
  if (!error) throw new Error('expected the bundle to be rejected');
  return error;
}

const manifestEntry = { name: 'marathon.json', body: JSON.stringify(seedManifest()) };

describe('validateBundle', () => {
  it('accepts the seed bundle and returns the SHA-256 of the compressed bytes and the manifest', async () => {
    const bytes = await seedBundle();
    const result = await validateBundle(streamOf(bytes), limits);
    expect(result.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.manifest).toMatchObject({ id: 'rest-app', cpus: 0.5, mem: 128, instances: 1 });
    expect(result.entries).toBe(2);
    expect(result.compressedBytes).toBe(bytes.length);
  });

  it('accepts ./-prefixed names, directories and links that stay inside the bundle', async () => {
    const bytes = await bundleOf([
      { name: './', type: 'directory' },
      { name: './marathon.json', body: JSON.stringify(seedManifest()) },
      { name: './bin/', type: 'directory' },
      { name: './bin/run', body: '#!/bin/sh\n' },
      { name: './run', type: 'symlink', linkname: 'bin/run' },
      { name: './bin/up', type: 'symlink', linkname: '../run' },
      { name: './run2', type: 'link', linkname: 'bin/run' },
    ]);
    await expect(validateBundle(streamOf(bytes), limits)).resolves.toMatchObject({ entries: 7 });
  });

  it('rejects data that is not gzip with BUNDLE_NOT_GZIP', async () => {
    const error = await rejectionOf(await tarOf([manifestEntry]));
    expect(error.code).toBe('BUNDLE_NOT_GZIP');
    expect(error.message).toMatch(/not gzip-compressed.*tar -czf/);
  });

  it('names a zip file when a zip is uploaded instead of a tarball', async () => {
    const error = await rejectionOf(Buffer.from('PK\x03\x04rest of a zip file'));
    expect(error.message).toMatch(/looks like a zip file/);
  });

  it('rejects an empty upload with BUNDLE_NOT_GZIP', async () => {
    const error = await rejectionOf(Buffer.alloc(0));
    expect(error.code).toBe('BUNDLE_NOT_GZIP');
    expect(error.message).toMatch(/empty/);
  });

  it('rejects a truncated upload with BUNDLE_TRUNCATED', async () => {
    const whole = await seedBundle({}, [{ name: 'data.bin', body: randomBytes(20_000) }]);
    const error = await rejectionOf(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(error.code).toBe('BUNDLE_TRUNCATED');
    expect(error.message).toMatch(/upload the whole file again/);
  });

  it('rejects a complete gzip of a cut-off tar with BUNDLE_TRUNCATED', async () => {
    const tar = await tarOf([manifestEntry, { name: 'data.bin', body: randomBytes(5000) }]);
    const error = await rejectionOf(gzipSync(tar.subarray(0, 3000)));
    expect(error.code).toBe('BUNDLE_TRUNCATED');
  });

  it('rejects gzip data that is not a tar archive with BUNDLE_CORRUPT', async () => {
    const error = await rejectionOf(gzipSync(Buffer.alloc(2048, 'x')));
    expect(error.code).toBe('BUNDLE_CORRUPT');
    expect(error.message).toMatch(/not a valid tar archive/);
  });

  it('rejects a bundle without marathon.json with BUNDLE_NO_MANIFEST', async () => {
    const error = await rejectionOf(await bundleOf([{ name: 'api.py', body: 'print(1)' }]));
    expect(error.code).toBe('BUNDLE_NO_MANIFEST');
    expect(error.message).toMatch(/no marathon\.json at its root/);
  });

  it('does not take a marathon.json in a subdirectory for the manifest', async () => {
    const error = await rejectionOf(await bundleOf([{ name: 'app/marathon.json', body: manifestEntry.body }]));
    expect(error.code).toBe('BUNDLE_NO_MANIFEST');
  });

  it('rejects a manifest that is not JSON with BUNDLE_INVALID_MANIFEST', async () => {
    const error = await rejectionOf(await bundleOf([{ name: 'marathon.json', body: '{"id": "rest-app",' }]));
    expect(error.code).toBe('BUNDLE_INVALID_MANIFEST');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('rejects a manifest with bad fields, listing each problem', async () => {
    const error = await rejectionOf(await seedBundle({ cmd: undefined, cpus: 100, env: { WORKERS: 4 } }));
    expect(error.code).toBe('BUNDLE_INVALID_MANIFEST');
    expect(error.message).toMatch(/cmd: cmd is required/);
    expect(error.message).toMatch(/cpus: cpus must be at most 64/);
    expect(error.message).toMatch(/env\.WORKERS: env values must be strings/);
  });

  it('rejects the article id rest_app with BUNDLE_INVALID_APP_ID and suggests rest-app', async () => {
    const error = await rejectionOf(await seedBundle({ id: 'rest_app' }));
    expect(error.code).toBe('BUNDLE_INVALID_APP_ID');
    expect(error.message).toMatch(/id "rest_app" is not a valid Marathon app id.*use "rest-app"/);
  });

  it('rejects a two-manifest bundle with BUNDLE_DUPLICATE_MANIFEST', async () => {
    const error = await rejectionOf(await bundleOf([manifestEntry, { ...manifestEntry, name: './marathon.json' }]));
    expect(error.code).toBe('BUNDLE_DUPLICATE_MANIFEST');
  });

  it('rejects a path with .. with BUNDLE_PATH_TRAVERSAL', async () => {
    const error = await rejectionOf(await bundleOf([manifestEntry, { name: 'app/../../etc/cron.d/x', body: 'x' }]));
    expect(error.code).toBe('BUNDLE_PATH_TRAVERSAL');
    expect(error.message).toMatch(/"app\/\.\.\/\.\.\/etc\/cron\.d\/x" contains a "\.\." segment/);
  });

  it('rejects an absolute path with BUNDLE_ABSOLUTE_PATH', async () => {
    const error = await rejectionOf(await bundleOf([manifestEntry, { name: '/etc/passwd', body: 'x' }]));
    expect(error.code).toBe('BUNDLE_ABSOLUTE_PATH');
    expect(error.message).toMatch(/"\/etc\/passwd" has an absolute path/);
  });

  it('rejects a symlink pointing outside the bundle with BUNDLE_LINK_ESCAPES', async () => {
    const error = await rejectionOf(
      await bundleOf([manifestEntry, { name: 'bin/secrets', type: 'symlink', linkname: '../../etc/shadow' }]),
    );
    expect(error.code).toBe('BUNDLE_LINK_ESCAPES');
    expect(error.message).toMatch(/symlink "bin\/secrets" -> "\.\.\/\.\.\/etc\/shadow" points outside the bundle/);
  });

  it('rejects a symlink with an absolute target and a hard link leaving the root', async () => {
    const absolute = await rejectionOf(await bundleOf([manifestEntry, { name: 'x', type: 'symlink', linkname: '/' }]));
    const hard = await rejectionOf(await bundleOf([manifestEntry, { name: 'y', type: 'link', linkname: '../y' }]));
    expect([absolute.code, hard.code]).toEqual(['BUNDLE_LINK_ESCAPES', 'BUNDLE_LINK_ESCAPES']);
  });

  it('rejects a symlink that climbs out through another symlink', async () => {
    const error = await rejectionOf(
      await bundleOf([
        manifestEntry,
        { name: 'here', type: 'symlink', linkname: '.' },
        { name: 'out', type: 'symlink', linkname: 'here/sub/../..' },
      ]),
    );
    expect(error.code).toBe('BUNDLE_LINK_ESCAPES');
  });

  it('rejects a symlink made to escape by a symlink declared after it', async () => {
    const error = await rejectionOf(
      await bundleOf([
        manifestEntry,
        { name: 'out', type: 'symlink', linkname: 'here/x/../..' },
        { name: 'here', type: 'symlink', linkname: '.' },
      ]),
    );
    expect(error.code).toBe('BUNDLE_LINK_ESCAPES');
    expect(error.message).toMatch(/"out" -> "here\/x\/\.\.\/\.\." leads outside the bundle through another symlink/);
  });

  it('rejects a symlink whose own directory is a symlink to the root', async () => {
    const error = await rejectionOf(
      await bundleOf([
        manifestEntry,
        { name: 'd', type: 'symlink', linkname: '.' },
        { name: 'd/up', type: 'symlink', linkname: '..' },
      ]),
    );
    expect(error.code).toBe('BUNDLE_LINK_ESCAPES');
  });

  it('rejects a fifo with BUNDLE_SPECIAL_FILE', async () => {
    const error = await rejectionOf(await bundleOf([manifestEntry, { name: 'pipe', type: 'fifo' }]));
    expect(error.code).toBe('BUNDLE_SPECIAL_FILE');
  });

  it('stops a zip bomb by its ratio with BUNDLE_RATIO_EXCEEDED before inflating it all', async () => {
    const bomb = await bundleOf([manifestEntry, { name: 'zeros.bin', body: Buffer.alloc(40 * 1024 * 1024) }]);
    const error = (await rejectionOf(bomb)) as { code: string; message: string; details: Record<string, number> };
    expect(error.code).toBe('BUNDLE_RATIO_EXCEEDED');
    expect(error.message).toMatch(/inflates more than 100x.*zip bomb/);
    expect(error.details.uncompressedBytes).toBeLessThan(8 * 1024 * 1024);
  });

  it('rejects a bundle that unpacks beyond the size limit with BUNDLE_TOO_LARGE', async () => {
    const bytes = await seedBundle({}, [{ name: 'data.bin', body: randomBytes(300_000) }]);
    const error = await rejectionOf(bytes, { maxUncompressedBytes: 100_000 });
    expect(error.code).toBe('BUNDLE_TOO_LARGE');
  });

  it('rejects a bundle with too many entries with BUNDLE_TOO_MANY_ENTRIES', async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, body: 'x' }));
    const error = await rejectionOf(await bundleOf([manifestEntry, ...files]), { maxEntries: 3 });
    expect(error.code).toBe('BUNDLE_TOO_MANY_ENTRIES');
  });

  it('rejects an oversize manifest with BUNDLE_MANIFEST_TOO_LARGE', async () => {
    const big = JSON.stringify(seedManifest({ env: { BLOB: 'x'.repeat(10_000) } }));
    const error = await rejectionOf(await bundleOf([{ name: 'marathon.json', body: big }]));
    expect(error.code).toBe('BUNDLE_MANIFEST_TOO_LARGE');
    expect(error.message).toMatch(/larger than 4096 bytes/);
  });

  it('passes I/O errors of the source through unchanged', async () => {
    const source = new Readable({
      read() {
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    await expect(validateBundle(source, limits)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
