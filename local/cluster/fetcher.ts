import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { Agent, type Dispatcher, request } from 'undici';

/** One artifact to fetch, as Marathon passes it to the Mesos fetcher. */
interface FetchItem {
  uri: string;
  /** Unpack archives (.tar.gz, .tgz, .tar). Mesos' default is true. */
  extract?: boolean | undefined;
  /** chmod +x the downloaded file (not for extracted archives). */
  executable?: boolean | undefined;
  /** File name in the sandbox. **Default:** the URI's last path segment */
  outputFile?: string | undefined;
}

interface FetchOptions {
  /** Per-phase budgets for each download. */
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

/** A fetch that failed: the task fails with this message, as TASK_FAILED with the fetcher's reason. */
class FetchError extends Error {
  readonly code = 'CLUSTER_FETCH_FAILED';
  readonly uri: string;

  constructor(uri: string, reason: string, options?: ErrorOptions) {
    super(`Failed to fetch '${uri}': ${reason}`, options);
    this.name = 'FetchError';
    this.uri = uri;
  }
}

const ARCHIVE = /\.(tar\.gz|tgz|tar)$/i;

function isArchive(name: string): boolean {
  return ARCHIVE.test(name);
}

function outputName(item: FetchItem): string {
  const name = item.outputFile ?? path.posix.basename(new URL(item.uri).pathname);
  const safe = path.basename(name);
  return safe === '' || safe === '.' || safe === '..' ? 'download' : safe;
}

async function download(uri: string, file: string, dispatcher: Dispatcher): Promise<void> {
  const url = new URL(uri);
  if (url.protocol === 'file:') {
    await pipeline(createReadStream(url), createWriteStream(file));
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(uri, 'unsupported scheme');
  const response = await request(url, { method: 'GET', dispatcher });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new FetchError(uri, `HTTP ${response.statusCode}`);
  }
  await pipeline(response.body, createWriteStream(file));
}

/** Resolves an archive entry inside `dir`, refusing absolute paths and `..` escapes. */
function entryTarget(dir: string, name: string): string {
  const target = path.resolve(dir, name);
  if (target !== dir && !target.startsWith(`${dir}${path.sep}`)) throw new Error(`entry escapes sandbox: ${name}`);
  return target;
}

/** Unpacks a tar (optionally gzipped) into `dir`, keeping file modes so executables stay executable. */
async function extractTar(file: string, dir: string): Promise<void> {
  const extractor = tarExtract();
  extractor.on('entry', (header, stream, next) => {
    // Destroying the extractor also fails the current entry stream; the pipeline reports that error once.
    stream.on('error', () => undefined);
    const done = (error?: unknown) => {
      if (error) {
        stream.resume();
        extractor.destroy(error as Error);
      } else next();
    };
    let target: string;
    try {
      target = entryTarget(dir, header.name);
    } catch (error) {
      done(error);
      return;
    }
    const mode = (header.mode ?? 0o644) & 0o777;
    if (header.type === 'directory') {
      stream.resume();
      mkdir(target, { recursive: true, mode: mode | 0o700 }).then(() => done(), done);
    } else if (header.type === 'file' || header.type === 'contiguous-file') {
      mkdir(path.dirname(target), { recursive: true })
        .then(() => pipeline(stream, createWriteStream(target, { mode })))
        .then(() => chmod(target, mode))
        .then(() => done(), done);
    } else if (header.type === 'symlink' && header.linkname && !path.isAbsolute(header.linkname)) {
      stream.resume();
      mkdir(path.dirname(target), { recursive: true })
        .then(() => symlink(header.linkname as string, target))
        .then(() => done(), done);
    } else {
      stream.resume();
      done();
    }
  });
  const source = createReadStream(file);
  if (/\.tar$/i.test(file)) await pipeline(source, extractor);
  else await pipeline(source, createGunzip(), extractor);
}

/**
 * The Mesos fetcher: downloads every item into `sandbox`, unpacks archives (the archive itself is
 * kept, as Mesos does) and sets executable bits. Throws FetchError on the first failure.
 */
async function fetchInto(sandbox: string, items: readonly FetchItem[], options: FetchOptions = {}): Promise<void> {
  const dispatcher = new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 5_000 },
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    bodyTimeout: options.bodyTimeoutMs ?? 60_000,
  });
  try {
    for (const item of items) await fetchOne(sandbox, item, dispatcher);
  } finally {
    await dispatcher.close();
  }
}

async function fetchOne(sandbox: string, item: FetchItem, dispatcher: Dispatcher): Promise<void> {
  let name: string;
  try {
    name = outputName(item);
  } catch (error) {
    throw new FetchError(item.uri, 'invalid URI', { cause: error });
  }
  const file = path.join(sandbox, name);
  try {
    await download(item.uri, file, dispatcher);
    if ((item.extract ?? true) && isArchive(name)) await extractTar(file, sandbox);
    else if (item.executable) await chmod(file, 0o755);
  } catch (error) {
    await unlink(file).catch(() => undefined);
    if (error instanceof FetchError) throw error;
    throw new FetchError(item.uri, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

export type { FetchItem, FetchOptions };
export { FetchError, fetchInto, isArchive };
