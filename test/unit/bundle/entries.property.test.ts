import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEntry, checkSymlinkChains } from '#shared/bundle/index.ts';

const segment = fc.constantFrom('a', 'b', 'lib', '.', '..', 'x.py', '');
const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'));

/** Follows a link target from the link's directory, through the bundle's symlinks, as an extractor would. */
function resolvesInside(linkName: string, target: string, links: Map<string, string>): boolean {
  const stack: string[] = [];
  const pending = [
    ...(posix.dirname(linkName) === '.' ? [] : posix.dirname(linkName).split('/')),
    ...target.split('/'),
  ];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (stack.length === 0) return false;
      stack.pop();
      continue;
    }
    stack.push(part);
    const next = links.get(stack.join('/'));
    if (next !== undefined) {
      if (++hops > 20) return true; // a loop never leaves the root
      stack.pop();
      pending.unshift(...next.split('/'));
    }
  }
  return true;
}

describe('checkEntry (properties)', () => {
  it('rejects every entry name with a .. segment', () => {
    fc.assert(
      fc.property(path, (name) => {
        fc.pre(name.split('/').includes('..') && !name.startsWith('/'));
        expect(() => checkEntry({ name, type: 'file' }, new Map())).toThrow(
          expect.objectContaining({ code: 'BUNDLE_PATH_TRAVERSAL' }),
        );
      }),
    );
  });

  it('accepts a set of symlinks only when every link, followed through the others, stays inside the root', () => {
    const link = fc.record({ name: fc.constantFrom('a', 'b', 'lib/c', 'lib/d', 'a/e'), target: path });
    fc.assert(
      fc.property(fc.uniqueArray(link, { minLength: 1, maxLength: 4, selector: (l) => l.name }), (links) => {
        const symlinks = new Map<string, string>();
        let accepted = true;
        try {
          for (const { name, target } of links) checkEntry({ name, type: 'symlink', linkname: target }, symlinks);
          checkSymlinkChains(symlinks);
        } catch {
          accepted = false;
        }
        const inside = links.every(({ name, target }) => resolvesInside(name, target, symlinks));
        if (accepted) expect(inside).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
