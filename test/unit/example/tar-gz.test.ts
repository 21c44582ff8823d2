import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTarGz, writeTarGz } from '#local/example/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tar-gz-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files = [
  { name: 'app.pyz', mode: 0o755, data: Buffer.from('#!/usr/bin/env python3\n') },
  { name: 'marathon.json', mode: 0o644, data: Buffer.from('{"id":"rest-app"}') },
];

describe('writeTarGz / readTarGz', () => {
  it('reads back the names, modes and bytes it wrote, in order', async () => {
    await writeTarGz(files, join(dir, 'a.tar.gz'));

    expect(await readTarGz(join(dir, 'a.tar.gz'))).toEqual(files);
  });

  it('writes the same bytes for the same files at different times', async () => {
    await writeTarGz(files, join(dir, 'a.tar.gz'));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await writeTarGz(files, join(dir, 'b.tar.gz'));

    const digest = async (name: string) =>
      createHash('sha256')
        .update(await readFile(join(dir, name)))
        .digest('hex');
    expect(await digest('b.tar.gz')).toBe(await digest('a.tar.gz'));
  });

  it('refuses an archive that unpacks beyond the byte limit', async () => {
    await writeTarGz([{ name: 'big', mode: 0o644, data: Buffer.alloc(4096) }], join(dir, 'big.tar.gz'));

    await expect(readTarGz(join(dir, 'big.tar.gz'), 1024)).rejects.toMatchObject({ code: 'EXAMPLE_BAD_ARCHIVE' });
  });
});
