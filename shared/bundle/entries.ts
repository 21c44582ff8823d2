import { posix } from 'node:path';
import {
  BundleAbsolutePathError,
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
 * `symlinks` collects the bundle's symlink names, so a later link cannot climb out through one of them.
 */
function checkEntry(header: EntryHeader, symlinks: Set<string>): string {
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
  if (type === 'symlink' || type === 'link') checkLink(raw, name, type, header.linkname ?? '', symlinks);
  return name;
}

function checkLink(raw: string, name: string, type: string, target: string, symlinks: Set<string>): void {
  const escapes = (why: string) =>
    new BundleLinkEscapesError(
      `${type === 'link' ? 'hard link' : 'symlink'} "${raw}" -> "${target}" ${why}; links must point at files inside the bundle`,
      { entry: raw, target },
    );
  if (target === '' || isAbsolute(target)) throw escapes('has an absolute or empty target');
  // Hard link targets are archive paths; symlink targets are relative to the link's directory.
  const resolved = type === 'link' ? posix.normalize(target) : posix.normalize(posix.join(posix.dirname(name), target));
  if (resolved === '..' || resolved.startsWith('../')) throw escapes('points outside the bundle');
  if (hasDotDot(target) && passesThroughSymlink(posix.dirname(name), target, symlinks)) {
    throw escapes('climbs ".." through another symlink, which may lead outside the bundle');
  }
  if (type === 'symlink') symlinks.add(name);
}

/** True when walking `target` from `dir` enters a symlink of the bundle before a `..` (lexical checks miss that). */
function passesThroughSymlink(dir: string, target: string, symlinks: Set<string>): boolean {
  let current = dir === '.' ? '' : dir;
  let enteredSymlink = false;
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (enteredSymlink) return true;
      current = posix.dirname(current) === '.' ? '' : posix.dirname(current);
      continue;
    }
    current = current ? `${current}/${segment}` : segment;
    if (symlinks.has(current)) enteredSymlink = true;
  }
  return false;
}

export type { EntryHeader };
export { checkEntry, normalizeEntryName };
