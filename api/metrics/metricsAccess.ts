import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';

/**
 * The addresses a Prometheus server may scrape /api/metrics from without a session
 * (METRICS_ALLOWED_IPS: comma-separated addresses or CIDR ranges, IPv4 or IPv6).
 * Nothing is allowed by default: an operator names the scraper explicitly, since a listener on
 * 0.0.0.0 is reachable from anywhere on the firm's network.
 */
export interface ScraperAddresses {
  allows(req: Request): boolean;
}

export function parseScraperAddresses(entries: readonly string[]): ScraperAddresses {
  const list = new BlockList();
  let any = false;
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`METRICS_ALLOWED_IPS: "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) throw new Error(`METRICS_ALLOWED_IPS: "${entry}" has an invalid prefix length`);
      list.addSubnet(address, bits, type);
    }
    any = true;
  }
  return {
    allows(req) {
      if (!any || !req.ip) return false;
      // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; operators write a.b.c.d.
      const ip = req.ip.startsWith('::ffff:') && isIP(req.ip.slice(7)) === 4 ? req.ip.slice(7) : req.ip;
      const family = isIP(ip);
      return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
