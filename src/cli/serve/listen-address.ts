import net from 'node:net';
import { RuntimeError } from '../../core/errors.js';

/** Where `sysmon serve` listens. */
export interface ListenAddress {
  /** IP address or host name to bind ("127.0.0.1", "::1", "0.0.0.0", "localhost"). */
  host: string;
  /** TCP port; 0 asks the kernel for a free one (the bound port is printed). */
  port: number;
}

/** Default: loopback only. Another interface is exposed only when the user names it. */
export const DEFAULT_LISTEN = '127.0.0.1:9101';

const HOSTNAME_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Parse `--listen`: `HOST:PORT`, `[IPV6]:PORT`, or `:PORT` (loopback: unlike node_exporter, an empty host does
 * NOT mean every interface; write `0.0.0.0:PORT` or `[::]:PORT` for that). Errors are one-line RuntimeErrors
 * (exit 1), as the serve issue asks for a bad address.
 */
export function parseListen(text: string): ListenAddress {
  const bad = (why: string): RuntimeError =>
    new RuntimeError(`serve: invalid --listen '${text}': ${why} (expected ADDR:PORT, e.g. 127.0.0.1:9101 or [::1]:9101)`);
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') throw bad('missing ]:PORT after an IPv6 address');
    host = text.slice(1, close);
    portText = text.slice(close + 2);
    if (net.isIPv6(host) === false) throw bad(`'${host}' is not an IPv6 address`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) throw bad('no port');
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) throw bad('put an IPv6 address in brackets');
    if (host === '') host = '127.0.0.1';
    else if (!net.isIPv4(host) && !HOSTNAME_RE.test(host)) throw bad(`'${host}' is not an address or host name`);
  }
  if (!/^\d{1,5}$/.test(portText)) throw bad(portText === '' ? 'no port' : `port '${portText}' is not a number`);
  const port = Number(portText);
  if (port > 65535) throw bad(`port ${port} is out of range 0-65535`);
  return { host, port };
}

/** `host:port` as a URL authority (`[::1]:9101`). */
export function formatAuthority(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
