import ipaddr from 'ipaddr.js';
import { NewsbriefError } from '../../src/core/index.ts';

const IPV4_COMPATIBLE = ipaddr.parse('::');

/** Decides which hosts and addresses newsbrief may fetch from on a chat user's behalf. */
export interface AddressPolicy {
  /** True when the operator named this host in `FETCH_ALLOW_HOSTS`; any address it resolves to is then fine. */
  allowsHost(hostname: string): boolean;
  /** True for public unicast addresses and for addresses inside an allowed range. */
  allowsAddress(address: string): boolean;
}

/**
 * Builds the policy from `FETCH_ALLOW_HOSTS`: a comma-separated list of host names
 * (`intranet.example.com`), addresses (`127.0.0.1`) and CIDR ranges (`10.1.2.0/24`).
 * Everything that is not public unicast — loopback, private, link-local and cloud metadata,
 * CGNAT, unique-local, multicast, reserved — is refused unless it is listed.
 */
export function createAddressPolicy(allowHosts = ''): AddressPolicy {
  const names = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of allowHosts.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new NewsbriefError('CONFIG', `FETCH_ALLOW_HOSTS: "${entry}" is not a valid address range`);
      }
    } else if (ipaddr.isValid(entry.replace(/^\[|\]$/g, ''))) {
      const address = ipaddr.process(entry.replace(/^\[|\]$/g, ''));
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9.-]+$/.test(entry)) {
      names.add(entry.replace(/\.$/, ''));
    } else {
      throw new NewsbriefError('CONFIG', `FETCH_ALLOW_HOSTS: "${entry}" is not a host name, address or range`);
    }
  }
  return {
    allowsHost: (hostname) => names.has(hostname.toLowerCase().replace(/\.$/, '')),
    allowsAddress(address) {
      let parsed: ipaddr.IPv4 | ipaddr.IPv6;
      try {
        // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it hides.
        parsed = ipaddr.process(address.replace(/^\[|\]$/g, ''));
      } catch {
        return false;
      }
      for (const [base, bits] of ranges) if (base.kind() === parsed.kind() && parsed.match(base, bits)) return true;
      // IPv4-compatible IPv6 (::127.0.0.1, deprecated) reaches the IPv4 address it embeds on many
      // stacks, yet ipaddr.js calls it unicast.
      if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE, 96)) return false;
      return parsed.range() === 'unicast';
    },
  };
}
