import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packDirectory } from '../../../cli/lib/pack-dir.ts';

async function headers(file: string) {
  const found: Array<{ name: string; type: string; mode: number; uid: number; mtime: number; linkname?: string }> = [];
  const reader = extract();
  const done = pipeline(createReadStream(file), createGunzip(), reader);
  for await (const entry of reader) {
    const h = entry.header;
    found.push({
      name: h.name,
      type: h.type ?? 'file',
      mode: h.mode ?? 0,
      uid: h.uid ?? -1,
      mtime: h.mtime?.getTime() ?? 0,
      ...(h.linkname ? { linkname: h.linkname } : {}),
    });
    entry.resume();
  }
  await done;
  return found;
}

describe('packDirectory', () => {
  let dir: string;
  let app: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pack-dir-'));
    app = join(dir, 'app');
    await mkdir(join(app, 'lib'), { recursive: true });
    await mkdir(join(app, '.git'));
    await mkdir(join(app, '__pycache__'));
    await writeFile(join(app, 'marathon.json'), '{"id": "x", "cmd": "./run"}');
    await writeFile(join(app, 'run'), '#!/bin/sh\n');
    await chmod(join(app, 'run'), 0o700);
    await writeFile(join(app, 'lib', 'b.py'), 'b');
    await writeFile(join(app, 'lib', 'a.py'), 'a');
    await writeFile(join(app, '.git', 'HEAD'), 'ref');
    await writeFile(join(app, 'notes.txt'), 'n');
    await symlink('lib/a.py', join(app, 'link.py'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same bytes for the same files, whatever their times on disk', async () => {
    await packDirectory(app, join(dir, 'one.tar.gz'));
    await utimes(join(app, 'lib', 'a.py'), new Date(), new Date(2001, 1, 1));
    await packDirectory(app, join(dir, 'two.tar.gz'));
    expect(Buffer.compare(await readFile(join(dir, 'one.tar.gz')), await readFile(join(dir, 'two.tar.gz')))).toBe(0);
  });

  it('writes entries sorted, owner 0, fixed time, modes 0755/0644, symlinks as links, .git and caches left out', async () => {
    await packDirectory(app, join(dir, 'out.tar.gz'), { exclude: ['notes.txt'] });
    const entries = await headers(join(dir, 'out.tar.gz'));
    expect(entries.map((e) => e.name)).toEqual(['lib/', 'lib/a.py', 'lib/b.py', 'link.py', 'marathon.json', 'run']);
    expect(entries.every((e) => e.uid === 0 && e.mtime === Date.UTC(1980, 0, 1))).toBe(true);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(byName.run?.mode).toBe(0o755);
    expect(byName['marathon.json']?.mode).toBe(0o644);
    expect(byName['link.py']).toMatchObject({ type: 'symlink', linkname: 'lib/a.py' });
  });
});
