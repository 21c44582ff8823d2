import { BlockList, isIP } from 'node:net';
import { CidrConfigError } from './errors.ts';

/**
 * The address ranges agents may live in. The master's answer decides which URLs we fetch, so a poisoned or
 * misconfigured master must not make the collector fetch arbitrary hosts (metadata endpoints, the internet).
 */
interface AgentAddressPolicy {
  /** `undefined` when the hostname may be polled, else the reason it may not. */
  rejectReason(hostname: string): string | undefined;
}

/** Parses a comma-separated CIDR list (`10.0.0.0/8,fd00::/8`). Throws {@link CidrConfigError} on a bad entry. */
function parseCidrList(list: string): AgentAddressPolicy {
  const blocks = new BlockList();
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  for (const entry of entries) {
    const [address = '', prefixText, extra] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new CidrConfigError(entry, 'not an IP address');
    if (prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) {
      throw new CidrConfigError(entry, 'expected address/prefix');
    }
    const prefix = Number(prefixText);
    const max = family === 4 ? 32 : 128;
    if (prefix > max) throw new CidrConfigError(entry, `prefix must be 0..${max}`);
    blocks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    rejectReason(hostname: string): string | undefined {
      const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
      const family = isIP(bare);
      if (family === 0) return `hostname "${hostname.slice(0, 100)}" is not an IP address`;
      if (!blocks.check(bare, family === 4 ? 'ipv4' : 'ipv6')) {
        return `address ${bare} is outside AGENT_ALLOWED_CIDRS`;
      }
      return undefined;
    },
  };
}

export type { AgentAddressPolicy };
export { parseCidrList };
