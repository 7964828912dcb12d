// A DnsClient (the resolver interface @waku/discovery's EIP-1459 walker takes) on the operating
// system's resolver. js-waku defaults to DNS-over-HTTPS (Cloudflare/Google) because browsers
// have no TXT lookups; a desktop app can use the resolver the user configured, which also works
// behind networks that block DoH and does not tell a third party which fleet we bootstrap from.
import { Resolver } from 'node:dns/promises';
import type { DnsClient } from '@waku/interfaces';

export interface SystemDnsOptions {
  /** Per-try timeout in ms (c-ares default is 5 s with 4 tries: far too long for a bootstrap). */
  timeoutMs?: number;
  tries?: number;
}

export function systemDnsClient(options: SystemDnsOptions = {}): DnsClient {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3_000, tries: options.tries ?? 2 });
  return {
    // One string per TXT record: a record longer than 255 bytes arrives as several
    // character-strings that belong together (ENRs routinely are that long).
    resolveTXT: async (domain) => (await resolver.resolveTxt(domain)).map((chunks) => chunks.join('')),
  };
}
