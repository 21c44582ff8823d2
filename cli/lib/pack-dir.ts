import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * A deterministic `.tar.gz` of a directory: entries sorted by path, owner 0:0, mtime 1980-01-01 (as
 * examples/rest-app/build.sh stamps), modes reduced to 0755 (executable) or 0644, gzip without name or time. The
 * same files always give the same bytes, so the same digest: the deploy function then sees "same-digest" and does
 * nothing. Files are streamed, never held in memory. Symlinks are kept as links (the validator refuses those
 * that leave the bundle); sockets, fifos and devices are refused here already.
 */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1));
/** Never useful on an agent, often large: left out unless named in `include`. */
const ALWAYS_SKIPPED = new Set(['.git', '.DS_Store', '__pycache__', 'node_modules']);

interface PackEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  size: number;
  absolute: string;
  linkname?: string;
}

interface PackOptions {
  /** Base names to leave out besides .git, .DS_Store, __pycache__, node_modules. */
  exclude?: readonly string[];
}

class PackError extends Error {
  readonly code = 'PACK_UNSUPPORTED_FILE';
  constructor(message: string) {
    super(message);
    this.name = 'PackError';
  }
}

async function listEntries(root: string, options: PackOptions): Promise<PackEntry[]> {
  const skipped = new Set([...ALWAYS_SKIPPED, ...(options.exclude ?? [])]);
  const entries: PackEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    const names = (await readdir(dir)).filter((name) => !skipped.has(name)).sort();
    for (const name of names) {
      const absolute = join(dir, name);
      const info = await lstat(absolute);
      const rel = relative(root, absolute).split(sep).join('/');
      const mode = info.mode & 0o111 ? 0o755 : 0o644;
      if (info.isDirectory()) {
        entries.push({ name: `${rel}/`, type: 'directory', mode: 0o755, size: 0, absolute });
        await walk(absolute);
      } else if (info.isFile()) {
        entries.push({ name: rel, type: 'file', mode, size: info.size, absolute });
      } else if (info.isSymbolicLink()) {
        entries.push({
          name: rel,
          type: 'symlink',
          mode: 0o777,
          size: 0,
          absolute,
          linkname: await readlink(absolute),
        });
      } else {
        throw new PackError(
          `${rel} is not a file, directory or symlink (socket, fifo or device): remove it or --exclude it`,
        );
      }
    }
  };
  await walk(root);
  return entries;
}

/** Packs `dir` into `outFile`; returns the entries written. */
async function packDirectory(dir: string, outFile: string, options: PackOptions = {}): Promise<PackEntry[]> {
  const entries = await listEntries(dir, options);
  const archive = pack();
  const feed = (async () => {
    for (const entry of entries) {
      const header = {
        name: entry.name,
        type: entry.type,
        mode: entry.mode,
        size: entry.size,
        mtime: FIXED_MTIME,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        ...(entry.linkname !== undefined ? { linkname: entry.linkname } : {}),
      };
      if (entry.type !== 'file') {
        await new Promise<void>((resolve, reject) =>
          archive.entry(header, (error) => (error ? reject(error) : resolve())),
        );
        continue;
      }
      const sink = archive.entry(header);
      await pipeline(createReadStream(entry.absolute), sink);
    }
    archive.finalize();
  })();
  await Promise.all([feed, pipeline(archive, createGzip({ level: 9 }), createWriteStream(outFile))]);
  return entries;
}

export type { PackEntry, PackOptions };
export { listEntries, PackError, packDirectory };
