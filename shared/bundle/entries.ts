import { posix } from 'node:path';
import {
  BundleAbsolutePathError,
  type BundleError,
  BundleLinkEscapesError,
  BundlePathTraversalError,
  BundleSpecialFileError,
} from './errors.ts';

/** The parts of a tar header the checks read (tar-stream's `Headers`). */
interface EntryHeader {
  name: string;
  type?: string | null | undefined;
  linkname?: string | null | undefined;
  size?: number | undefined;
}

const SPECIAL_TYPES = new Set(['character-device', 'block-device', 'fifo']);

/** `./api.py` and `api.py` name the same file; directories may end with `/`. */
function normalizeEntryName(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

function isAbsolute(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(name);
}

function hasDotDot(name: string): boolean {
  return name.split(/[\\/]/).includes('..');
}

/**
 * Refuses entries that could write or point outside the directory Mesos extracts into:
 * absolute paths, `..` segments, links whose target leaves the root, device files and fifos.
 * `symlinks` collects the bundle's symlinks (name → target) for {@link checkSymlinkChains} at the end.
 */
function checkEntry(header: EntryHeader, symlinks: Map<string, string>): string {
  const raw = header.name;
  if (isAbsolute(raw)) {
    throw new BundleAbsolutePathError(
      `entry "${raw}" has an absolute path; build the tarball from inside the app directory (tar -czf app.tar.gz -C dir .)`,
      { entry: raw },
    );
  }
  if (hasDotDot(raw)) {
    throw new BundlePathTraversalError(
      `entry "${raw}" contains a ".." segment, which would write outside the app directory; rebuild the tarball with relative paths only`,
      { entry: raw },
    );
  }
  const name = normalizeEntryName(raw);
  const type = header.type ?? 'file';
  if (SPECIAL_TYPES.has(type)) {
    throw new BundleSpecialFileError(
      `entry "${raw}" is a ${type}; bundles may hold only files, directories and links`,
      {
        entry: raw,
        type,
      },
    );
  }
  if (type === 'symlink' || type === 'link') checkLink(raw, name, type, header.linkname ?? '');
  if (type === 'symlink') symlinks.set(name, header.linkname ?? '');
  return name;
}

function linkEscapes(name: string, target: string, why: string, hard = false): BundleError {
  return new BundleLinkEscapesError(
    `${hard ? 'hard link' : 'symlink'} "${name}" -> "${target}" ${why}; links must point at files inside the bundle`,
    { entry: name, target },
  );
}

function checkLink(raw: string, name: string, type: string, target: string): void {
  const hard = type === 'link';
  if (target === '' || isAbsolute(target)) throw linkEscapes(raw, target, 'has an absolute or empty target', hard);
  // Hard link targets are archive paths; symlink targets are relative to the link's directory.
  const resolved = hard ? posix.normalize(target) : posix.normalize(posix.join(posix.dirname(name), target));
  if (resolved === '..' || resolved.startsWith('../'))
    throw linkEscapes(raw, target, 'points outside the bundle', hard);
}

const MAX_HOPS = 40;

/**
 * Lexical checks miss `a -> b/x/../..` with `b -> .` (in any order): once every symlink is known, each one is
 * followed through the others, as the extracting shell would, and must stay inside the root.
 */
function checkSymlinkChains(symlinks: ReadonlyMap<string, string>): void {
  for (const [name, target] of symlinks) {
    if (!target.split('/').includes('..')) continue;
    // The link's own directory may pass through a symlink too (`d -> .` makes `d/e -> ..` leave the root).
    const stack: string[] = [];
    const pending = [...(posix.dirname(name) === '.' ? [] : posix.dirname(name).split('/')), ...target.split('/')];
    let hops = 0;
    while (pending.length > 0 && hops <= MAX_HOPS) {
      const part = pending.shift() as string;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (stack.length === 0) throw linkEscapes(name, target, 'leads outside the bundle through another symlink');
        stack.pop();
        continue;
      }
      stack.push(part);
      const next = symlinks.get(stack.join('/'));
      if (next !== undefined) {
        hops += 1;
        stack.pop();
        pending.unshift(...next.split('/'));
      }
    }
  }
}

export type { EntryHeader };
export { checkEntry, checkSymlinkChains, normalizeEntryName };
