// The base URL artifact links are minted on. A link must never point where a request's headers say: a
// foreign `Host` (or a forged X-Forwarded-Host) would otherwise hand the client signed links to another site.
// Order: PUBLIC_URL when set; else the request's host if it is the address this server listens on (or a
// loopback name for it) or in ALLOWED_HOSTS; else the listen address itself. X-Forwarded-Host/-Proto count
// only when the connection comes from one of TRUSTED_PROXIES.
import { BlockList, isIP } from 'node:net';
import type { Config } from '@kuduso/core';
import type { FastifyRequest } from 'fastify';

type LinkConfig = Pick<Config, 'publicUrl' | 'allowedHosts' | 'trustedProxies'>;

function plainAddress(address: string): string {
  // IPv4 clients on a dual-stack socket show as ::ffff:a.b.c.d.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function proxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip = '', prefix] = entry.split('/');
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return list;
}

/** `name` and `port` of a Host value (`[::1]:8000` -> `[::1]`, `8000`). */
function splitHost(host: string): { name: string; port?: string } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return m ? { name: (m[1] as string).toLowerCase(), port: m[2] } : { name: '' };
}

export function hostAllowed(pattern: string, host: string): boolean {
  const want = splitHost(pattern);
  const got = splitHost(host);
  if (!got.name || (want.port !== undefined && want.port !== got.port)) return false;
  if (want.name.startsWith('*.'))
    return got.name.endsWith(want.name.slice(1)) && got.name.length > want.name.length - 1;
  return want.name === got.name;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Host values are short; anything longer is not a host this server has. */
const MAX_HOST = 255;

function firstValue(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  return v?.split(',')[0]?.trim() || undefined;
}

export function createLinkBase(config: LinkConfig): (request: FastifyRequest) => string {
  const fixed = config.publicUrl?.replace(/\/+$/, '');
  const proxies = proxyList(config.trustedProxies);
  const fromProxy = (remote: string | undefined) => {
    if (!remote || config.trustedProxies.length === 0) return false;
    const ip = plainAddress(remote);
    return proxies.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  };
  return (request) => {
    if (fixed) return fixed;
    const socket = request.raw.socket;
    const local = socket?.localAddress ? plainAddress(socket.localAddress) : undefined;
    const listenName = local ? (isIP(local) === 6 ? `[${local}]` : local) : 'localhost';
    const listenPort = socket?.localPort ? String(socket.localPort) : undefined;
    const listen = listenPort ? `${listenName}:${listenPort}` : listenName;
    const ownProto = (socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';

    const proxied = fromProxy(socket?.remoteAddress);
    const fwdProto = proxied ? firstValue(request.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
    const proto = fwdProto === 'http' || fwdProto === 'https' ? fwdProto : ownProto;
    const host = ((proxied && firstValue(request.headers['x-forwarded-host'])) || request.headers.host || '')
      .trim()
      .toLowerCase();
    if (host && host.length <= MAX_HOST) {
      const { name, port } = splitHost(host);
      const isListen =
        host === listen ||
        (LOOPBACK_NAMES.has(listenName) && LOOPBACK_NAMES.has(name) && port === listenPort);
      if (isListen || config.allowedHosts.some((p) => hostAllowed(p, host))) return `${proto}://${host}`;
    }
    return `${ownProto}://${listen}`;
  };
}
