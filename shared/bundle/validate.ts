import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { checkEntry, checkSymlinkChains } from './entries.ts';
import {
  BundleCorruptError,
  BundleDuplicateManifestError,
  BundleError,
  BundleManifestTooLargeError,
  BundleNoManifestError,
  BundleNotGzipError,
  BundleRatioExceededError,
  BundleTooLargeError,
  BundleTooManyEntriesError,
  BundleTruncatedError,
} from './errors.ts';
import { MANIFEST_FILE, type Manifest } from './manifest.ts';
import { parseManifest } from './parse-manifest.ts';

interface BundleLimits {
  /** Entries (files, directories, links) in the tarball. Config: BUNDLE_MAX_ENTRIES. */
  maxEntries: number;
  /** Total size of the tar stream after gunzip. Config: BUNDLE_MAX_UNCOMPRESSED_BYTES. */
  maxUncompressedBytes: number;
  /** Uncompressed/compressed bytes, checked as bytes flow. Config: BUNDLE_MAX_RATIO. */
  maxRatio: number;
  /** Size of `marathon.json`. Config: MANIFEST_MAX_BYTES. */
  manifestMaxBytes: number;
}

interface ValidatedBundle {
  /** Hex SHA-256 of the compressed bytes as stored: the bundle's content address. */
  digest: string;
  manifest: Manifest;
  entries: number;
  compressedBytes: number;
  uncompressedBytes: number;
}

/** Below this much inflated data the ratio is not judged: tar padding makes tiny bundles compress very well. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads a bundle once, as a stream (S3 GetObject body or a local file), never holding it in memory:
 * SHA-256 of the compressed bytes, gunzip, tar parsing, every entry checked, manifest read and validated.
 * Throws a {@link BundleError} subclass (stable `code`) for a bad bundle; other errors are I/O failures.
 */
async function validateBundle(
  source: Readable | AsyncIterable<Uint8Array>,
  limits: BundleLimits,
): Promise<ValidatedBundle> {
  const input = source instanceof Readable ? source : Readable.from(source);
  const hash = createHash('sha256');
  const counts = { compressed: 0, uncompressed: 0, entries: 0 };
  const head: number[] = [];

  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (let i = 0; head.length < 2 && i < chunk.length; i++) head.push(chunk[i] as number);
      if (head.length === 2 && counts.compressed < 2 && (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1])) {
        return callback(notGzip(head));
      }
      hash.update(chunk);
      counts.compressed += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      callback(counts.compressed < 2 ? notGzip(head) : null);
    },
  });

  const inflated = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counts.uncompressed += chunk.length;
      if (counts.uncompressed > limits.maxUncompressedBytes) {
        return callback(
          new BundleTooLargeError(
            `the bundle unpacks to more than ${limits.maxUncompressedBytes} bytes; leave build artefacts and caches out, or raise BUNDLE_MAX_UNCOMPRESSED_BYTES`,
            { maxUncompressedBytes: limits.maxUncompressedBytes },
          ),
        );
      }
      if (counts.uncompressed > RATIO_FLOOR_BYTES && counts.uncompressed > limits.maxRatio * counts.compressed) {
        return callback(
          new BundleRatioExceededError(
            `the bundle inflates more than ${limits.maxRatio}x (${counts.uncompressed} bytes from ${counts.compressed}), which looks like a zip bomb; ` +
              'ship real files, or raise BUNDLE_MAX_RATIO if this is intended',
            { maxRatio: limits.maxRatio, compressedBytes: counts.compressed, uncompressedBytes: counts.uncompressed },
          ),
        );
      }
      callback(null, chunk);
    },
  });

  const extract = tarExtract();
  const controller = new AbortController();
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    controller.abort();
    extract.destroy(error instanceof Error ? error : new Error(String(error)));
  };

  const feeding = pipeline(
    input,
    meter,
    createGunzip(),
    inflated,
    async (chunks: AsyncIterable<Buffer>, options?: { signal: AbortSignal }) => {
      for await (const chunk of chunks) {
        if (!extract.write(chunk)) await once(extract, 'drain', { signal: options?.signal ?? controller.signal });
      }
      // streamx's end() takes no callback (a function would be written as data); the typings ask for one.
      (extract as unknown as { end(): void }).end();
    },
    { signal: controller.signal },
  ).catch(fail);

  let manifest: Manifest | undefined;
  const reading = (async () => {
    const symlinks = new Map<string, string>();
    for await (const entry of extract) {
      counts.entries += 1;
      if (counts.entries > limits.maxEntries) {
        throw new BundleTooManyEntriesError(
          `the bundle has more than ${limits.maxEntries} entries; package dependencies into one archive (e.g. a .pyz/.pex) or raise BUNDLE_MAX_ENTRIES`,
          { maxEntries: limits.maxEntries },
        );
      }
      const name = checkEntry(entry.header, symlinks);
      if (name === MANIFEST_FILE && (entry.header.type ?? 'file') === 'file') {
        if (manifest) throw new BundleDuplicateManifestError(`the bundle holds ${MANIFEST_FILE} twice; keep one`);
        manifest = parseManifest(await readLimited(entry, entry.header.size ?? 0, limits.manifestMaxBytes));
      } else {
        entry.resume();
      }
    }
    checkSymlinkChains(symlinks);
  })().catch(fail);

  await Promise.all([feeding, reading]);
  if (failure !== undefined) throw toBundleError(failure);
  if (!manifest) {
    throw new BundleNoManifestError(
      `the bundle has no ${MANIFEST_FILE} at its root; add one (see docs/manifest.md) next to your app files`,
    );
  }
  const result: ValidatedBundle = {
    digest: hash.digest('hex'),
    manifest,
    entries: counts.entries,
    compressedBytes: counts.compressed,
    uncompressedBytes: counts.uncompressed,
  };
  return result;
}

async function readLimited(entry: AsyncIterable<unknown>, declaredSize: number, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new BundleManifestTooLargeError(
      `${MANIFEST_FILE} is larger than ${maxBytes} bytes; a manifest holds settings only, keep data files beside it`,
      { maxBytes, size: declaredSize },
    );
  if (declaredSize > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function notGzip(head: number[]): BundleError {
  const hex = Buffer.from(head).toString('hex');
  const hint = hex === '504b' ? ' (it looks like a zip file)' : head.length === 0 ? ' (the object is empty)' : '';
  return new BundleNotGzipError(
    `the upload is not gzip-compressed${hint}; build it with "tar -czf app.tar.gz -C <app dir> ."`,
    { firstBytes: hex },
  );
}

/** Maps zlib and tar-stream failures to their bundle errors; anything else (I/O) passes through. */
function toBundleError(error: unknown): unknown {
  if (error instanceof BundleError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'Z_BUF_ERROR' || message === 'Unexpected end of data' || /unexpected end of file/i.test(message)) {
    return new BundleTruncatedError(
      `the bundle ends early (${message}); the upload was cut off: upload the whole file again`,
      { reason: message },
      { cause: error },
    );
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new BundleCorruptError(
      `the gzip data is corrupt (${message}); rebuild the bundle with "tar -czf"`,
      { reason: message },
      { cause: error },
    );
  }
  if (/invalid (tar )?header|header exceeds/i.test(message)) {
    return new BundleCorruptError(
      `the gunzipped data is not a valid tar archive (${message}); rebuild the bundle with "tar -czf"`,
      { reason: message },
      { cause: error },
    );
  }
  return error;
}

export type { BundleLimits, ValidatedBundle };
export { validateBundle };
