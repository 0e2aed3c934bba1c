import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../../src/core/errors.js';
import { DEFAULT_LISTEN, formatAuthority, parseListen } from '../../../src/cli/serve/listen-address.js';

describe('parseListen', () => {
  it('defaults to loopback', () => {
    expect(parseListen(DEFAULT_LISTEN)).toEqual({ host: '127.0.0.1', port: 9101 });
  });

  it('reads IPv4, IPv6 in brackets, host names, and an empty host as loopback', () => {
    expect(parseListen('0.0.0.0:9100')).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen('[::]:9101')).toEqual({ host: '::', port: 9101 });
    expect(parseListen('localhost:8080')).toEqual({ host: 'localhost', port: 8080 });
    expect(parseListen(':9200')).toEqual({ host: '127.0.0.1', port: 9200 });
  });

  it.each([
    ['9101', 'no port'],
    ['127.0.0.1', 'no port'],
    ['127.0.0.1:', 'no port'],
    ['127.0.0.1:http', "port 'http' is not a number"],
    ['127.0.0.1:70000', 'out of range'],
    ['::1:9101', 'brackets'],
    ['[::1]9101', ']:PORT'],
    ['[nope]:9101', 'not an IPv6 address'],
    ['bad host:1', 'not an address or host name'],
    ['127.0.0.1:-1', 'not a number'],
  ])('rejects %s with one line', (text, why) => {
    let err: unknown;
    try {
      parseListen(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toContain(why);
    expect((err as Error).message).not.toContain('\n');
  });

  it('formats an authority for URLs', () => {
    expect(formatAuthority('::1', 9101)).toBe('[::1]:9101');
    expect(formatAuthority('127.0.0.1', 9101)).toBe('127.0.0.1:9101');
  });
});
