import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { LoadTargetError } from './errors.ts';

/** True for 127.0.0.0/8 and ::1 (any spelling Node accepts). */
function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) return new URL(`http://[${bare}]/`).hostname === '[::1]';
  return false;
}

/**
 * Parses `raw` and returns it when it names this machine's loopback; throws {@link LoadTargetError} otherwise.
 * `localhost` is accepted only when every address it resolves to is loopback (a hosts file could say otherwise).
 * The WHATWG parser has already normalised tricks such as `http://2130706433/` or `http://0x7f.1/` to 127.0.0.1.
 */
async function assertLoopbackUrl(raw: string | URL): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new LoadTargetError(String(raw), 'not a URL', { cause: error });
  }
  const shown = url.toString();
  if (url.protocol !== 'http:') throw new LoadTargetError(shown, `protocol ${url.protocol} is not http:`);
  if (isLoopbackAddress(url.hostname)) return url;
  if (url.hostname !== 'localhost') throw new LoadTargetError(shown, `${url.hostname} is not a loopback address`);
  const addresses = await lookup('localhost', { all: true });
  const foreign = addresses.filter((entry) => !isLoopbackAddress(entry.address));
  if (addresses.length === 0 || foreign.length > 0) {
    const list = foreign.map((entry) => entry.address).join(', ') || 'nothing';
    throw new LoadTargetError(shown, `localhost resolves to ${list} on this machine`);
  }
  return url;
}

export { assertLoopbackUrl, isLoopbackAddress };
