/**
 * Where the gateway may send outbound HTTP (webhook receivers). One policy, used twice: when a
 * subscription is created (so the caller hears why a URL is refused) and at every delivery,
 * where the connection goes through `guardedLookup` so the address that is connected to is the
 * address that was checked (no DNS rebinding between check and connect).
 *
 * Rules, in order:
 *   1. scheme http/https only, no credentials in the URL;
 *   2. a host on the allowlist (`WEBHOOK_ALLOWED_HOSTS`: host names, IP addresses, CIDRs) may use
 *      http and any address; this is the only way to reach an internal receiver;
 *   3. everyone else must use https, and every address the host resolves to must be global
 *      unicast: loopback, RFC 1918, CGNAT, link-local, multicast, unspecified, reserved,
 *      documentation, IPv4-mapped/compatible/translated IPv6, 6to4, Teredo, ULA … are refused.
 *
 * IP literals are parsed by the WHATWG URL parser first (which turns `2130706433`, `0x7f.1`,
 * `0177.0.0.1` and `127.1` into `127.0.0.1`) and then by ipaddr.js, so every spelling of an
 * address ends up as the same parsed value; no regexes decide what an address is.
 */
import dns from 'node:dns';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config';

/** Resolves a host name to every address it has (tests stub this). */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type RefusalRule = 'scheme' | 'credentials' | 'https_required' | 'non_global_address' | 'unresolvable';

export type UrlDecision = { ok: true; url: URL } | { ok: false; rule: RefusalRule; message: string };

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface Allowlist {
  hosts: ReadonlySet<string>;
  cidrs: readonly Cidr[];
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses `WEBHOOK_ALLOWED_HOSTS`: comma- or space-separated host names, IP addresses and CIDRs.
 * Throws with a Chinese message naming the first entry that is none of these.
 */
export function parseAllowlist(raw: string | undefined): Allowlist {
  const hosts = new Set<string>();
  const cidrs: Cidr[] = [];
  for (const entry of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    const e = entry.toLowerCase().replace(/^\[|\]$/g, '');
    if (e.includes('/')) {
      try {
        cidrs.push(ipaddr.parseCIDR(e));
        continue;
      } catch {
        throw new Error(`“${entry}”不是有效的 CIDR（如 10.0.0.0/8）`);
      }
    }
    if (ipaddr.isValid(e)) {
      const addr = ipaddr.parse(e);
      cidrs.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(e.replace(/\.$/, ''))) {
      hosts.add(e.replace(/\.$/, ''));
    } else {
      throw new Error(`“${entry}”不是有效的主机名、IP 地址或 CIDR`);
    }
  }
  return { hosts, cidrs };
}

const GLOBAL_IPV6: Cidr = ipaddr.parseCIDR('2000::/3');

/** Parses one address in any spelling ipaddr.js accepts; undefined for anything that is not an address. */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const t = text.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(t)) return undefined;
  try {
    return ipaddr.parse(t);
  } catch {
    return undefined;
  }
}

/**
 * Global unicast only. IPv4: ipaddr.js's range must be plain `unicast`. IPv6: additionally inside
 * 2000::/3, which excludes ::/96 (IPv4-compatible), ::ffff:0:0/96 (IPv4-mapped) and every other
 * special block, whatever ipaddr.js names it.
 */
export function isGlobalUnicast(text: string): boolean {
  const addr = parseAddress(text);
  if (!addr) return false;
  if (addr.range() !== 'unicast') return false;
  return addr.kind() === 'ipv4' || (addr as ipaddr.IPv6).match(GLOBAL_IPV6);
}

function inCidrs(text: string, cidrs: readonly Cidr[]): boolean {
  const addr = parseAddress(text);
  if (!addr) return false;
  return cidrs.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

const MESSAGES: Record<RefusalRule, string> = {
  scheme: '接收地址必须是 http:// 或 https:// 开头的有效地址',
  credentials: '接收地址不能包含用户名或密码，请在接收端用签名校验来源',
  https_required: '接收地址必须使用 https://（规则：仅允许名单内的内部接收方使用 http://）',
  non_global_address:
    '接收地址指向回环、私有、链路本地、运营商级 NAT、组播、保留或 IPv4 映射等非公网地址（规则：只允许公网地址，内部接收方须列入允许名单）',
  unresolvable: '接收地址的主机名无法解析（规则：主机名必须能解析为公网地址）',
};

export function refusalMessage(rule: RefusalRule): string {
  return MESSAGES[rule];
}

const refuse = (rule: RefusalRule): UrlDecision => ({ ok: false, rule, message: MESSAGES[rule] });

/** The error a guarded connection fails with; its message is safe to show to the subscriber. */
export class AddressRefusedError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
  constructor(readonly rule: RefusalRule) {
    super(MESSAGES[rule]);
    this.name = 'AddressRefusedError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

export interface AddressPolicy {
  readonly allowlist: Allowlist;
  /** Decides whether a URL may be sent to now (resolving its host). */
  check(raw: string): Promise<UrlDecision>;
  /**
   * A `net.connect` lookup: resolves with the policy's resolver and fails the connection unless
   * every resolved address passes, so a host re-pointed after `check` still cannot be reached.
   */
  guardedLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void;
}

export function createAddressPolicy({ allowlist, resolve = systemResolver }: { allowlist: Allowlist; resolve?: HostResolver }): AddressPolicy {
  const hostAllowed = (host: string) => allowlist.hosts.has(host.toLowerCase().replace(/\.$/, ''));
  const addressAllowed = (address: string) => isGlobalUnicast(address) || inCidrs(address, allowlist.cidrs);

  /** Every address for a host name, or the literal itself; undefined when it does not resolve. */
  async function addressesOf(hostname: string): Promise<string[] | undefined> {
    const literal = parseAddress(hostname);
    if (literal) return [literal.toString()];
    try {
      const found = await resolve(hostname);
      return found.length > 0 ? found : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    allowlist,
    async check(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return refuse('scheme');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('scheme');
      if (url.username || url.password) return refuse('credentials');
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (hostAllowed(host)) return { ok: true, url };
      const addresses = await addressesOf(host);
      if (!addresses) return refuse('unresolvable');
      const allListed = addresses.every((a) => inCidrs(a, allowlist.cidrs));
      if (!addresses.every(addressAllowed)) return refuse('non_global_address');
      if (url.protocol !== 'https:' && !allListed) return refuse('https_required');
      return { ok: true, url };
    },
    guardedLookup(hostname, options, callback) {
      void (async () => {
        const addresses = await addressesOf(hostname);
        if (!addresses) return callback(new AddressRefusedError('unresolvable'), '');
        if (!hostAllowed(hostname) && !addresses.every(addressAllowed)) return callback(new AddressRefusedError('non_global_address'), '');
        const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const entries = addresses
          .map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
          .filter((e) => wanted === 0 || e.family === wanted);
        if (entries.length === 0) return callback(new AddressRefusedError('unresolvable'), '');
        if (options.all) return callback(null, entries);
        callback(null, entries[0].address, entries[0].family);
      })().catch((err: unknown) => callback(err as NodeJS.ErrnoException, ''));
    },
  };
}

/** The policy a process runs with: its configured allowlist and (unless a test stubs it) the system resolver. */
export function addressPolicyFrom(config: Pick<Config, 'WEBHOOK_ALLOWED_HOSTS'>, resolve?: HostResolver): AddressPolicy {
  return createAddressPolicy({ allowlist: parseAllowlist(config.WEBHOOK_ALLOWED_HOSTS), resolve });
}
