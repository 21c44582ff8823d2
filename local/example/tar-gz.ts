import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import { ExampleBundleError } from './errors.ts';

interface TarFile {
  /** Path inside the archive, `/`-separated, no leading `./`. */
  name: string;
  mode: number;
  data: Buffer;
}

/** The same instant build.sh stamps: equal files give an equal archive, whenever they are packed. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1));

/** Writes `files` (in the given order) to a gzipped tar with fixed owner and mtime. */
async function writeTarGz(files: readonly TarFile[], outFile: string): Promise<void> {
  const archive = pack();
  const feed = (async () => {
    for (const file of files) {
      await new Promise<void>((resolve, reject) => {
        archive.entry(
          { name: file.name, mode: file.mode, mtime: FIXED_MTIME, uid: 0, gid: 0, uname: '', gname: '' },
          file.data,
          (error) => (error ? reject(error) : resolve()),
        );
      });
    }
    archive.finalize();
  })();
  await Promise.all([feed, pipeline(archive, createGzip({ level: 9 }), createWriteStream(outFile))]);
}

/** Reads every regular file of a gzipped tar into memory, refusing archives over `maxBytes` unpacked. */
async function readTarGz(file: string, maxBytes = 64 * 1024 * 1024): Promise<TarFile[]> {
  const files: TarFile[] = [];
  let total = 0;
  const reader = extract();
  const done = pipeline(createReadStream(file), createGunzip(), reader);
  // Observed below; a failure while the loop is still reading surfaces through the loop itself
  done.catch(() => undefined);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes)
        throw new ExampleBundleError('EXAMPLE_BAD_ARCHIVE', `${file} unpacks to over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    if (entry.header.type === 'file') {
      files.push({
        name: entry.header.name.replace(/^\.\//, ''),
        mode: entry.header.mode ?? 0,
        data: Buffer.concat(chunks),
      });
    }
  }
  await done;
  return files;
}

export type { TarFile };
export { readTarGz, writeTarGz };
