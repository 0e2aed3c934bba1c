import { describe, expect, it } from 'vitest';
import { BasicAuth, parseBasicAuth } from '../../../src/cli/serve/basic-auth.js';
import { parseWebConfig } from '../../../src/cli/serve/web-config.js';

// exporter-toolkit's web configuration format, and basic auth against bcrypt hashes made by libxcrypt's
// crypt(3) (python3 crypt, METHOD_BLOWFISH), not by the library that verifies them.
const HASH_COST4 = '$2b$04$sN/okeV8Jq.pb2FhVzqFReZZsUge1eBhSB/r/A5PZZsdPKH1JjFuS'; // s3cret
const basic = (user: string, pw: string): string => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;

describe('--web.config.file', () => {
  it('reads TLS, client auth, headers and users; paths are relative to the file', () => {
    const c = parseWebConfig([
      'tls_server_config:',
      '  cert_file: server.crt',
      '  key_file: /etc/keys/server.key',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_ca_file: ca.crt',
      '  min_version: TLS13',
      '  cipher_suites: [TLS_AES_128_GCM_SHA256]',
      'http_server_config:',
      '  headers: { X-Frame-Options: deny }',
      'basic_auth_users:',
      `  prometheus: '${HASH_COST4.replace('$2b$', '$2y$')}'`,
    ].join('\n'), '/etc/sysmon');
    expect(c.tls).toMatchObject({
      certFile: '/etc/sysmon/server.crt', keyFile: '/etc/keys/server.key', clientAuthType: 'RequireAndVerifyClientCert',
      clientCaFile: '/etc/sysmon/ca.crt', minVersion: 'TLSv1.3',
    });
    expect(c.headers).toEqual({ 'X-Frame-Options': 'deny' });
    expect([...c.users.keys()]).toEqual(['prometheus']);
    expect(c.ignored).toEqual(["tls_server_config.cipher_suites (Node's defaults apply)"]);
  });

  it('an empty file is plain http without auth; TLS defaults to TLS 1.2 and no client certificates', () => {
    expect(parseWebConfig('', '/x')).toEqual({ tls: null, users: new Map(), headers: {}, ignored: [] });
    const c = parseWebConfig('tls_server_config:\n  cert_file: a\n  key_file: b\n', '/x');
    expect(c.tls).toMatchObject({ clientAuthType: 'NoClientCert', minVersion: 'TLSv1.2' });
  });

  it.each([
    ['tls_server_config:\n  cert_file: a\n', 'tls_server_config: missing key_file'],
    ['tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n', "client_auth_type 'Sometimes' is not one of"],
    ['tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n', 'needs client_ca_file'],
    ['tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n', 'client_auth_type is NoClientCert'],
    ['tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: SSL3\n', "min_version 'SSL3' is not one of"],
    ['basic_auth_users:\n  a: plaintext\n', 'basic_auth_users.a is not a bcrypt hash'],
    ['tls_config:\n  cert_file: a\n', 'unknown field tls_config'],
    ['http_server_config:\n  headers: { X-A: "a\\nb" }\n', 'cannot hold a newline'],
    ['a: [\n', 'not valid YAML'],
    ['- a\n', 'top level must be a mapping'],
    ['basic_auth_users:\n  a: x\n  a: y\n', 'not valid YAML'],
  ])('refuses %j', (text, why) => {
    expect(() => parseWebConfig(text, '/x')).toThrow(why);
  });
});

describe('basic auth', () => {
  it('parses the header', () => {
    expect(parseBasicAuth(basic('a', 'b:c'))).toEqual({ user: 'a', password: 'b:c' });
    expect(parseBasicAuth('Bearer x')).toBeNull();
    expect(parseBasicAuth(undefined)).toBeNull();
  });

  it('accepts the right password ($2b$ and $2y$), refuses wrong ones and unknown users, and remembers successes', async () => {
    let now = 0;
    const auth = new BasicAuth(new Map([['p', HASH_COST4], ['q', HASH_COST4.replace('$2b$', '$2y$')]]), () => now);
    expect(await auth.check(basic('p', 's3cret'))).toBe('ok');
    expect(await auth.check(basic('q', 's3cret'))).toBe('ok');
    expect(await auth.check(basic('p', 's3creT'))).toBe('denied');
    expect(await auth.check(basic('nobody', 's3cret'))).toBe('denied');
    expect(await auth.check(undefined)).toBe('denied');
    // Remembered: answered without a bcrypt even while checks are saturated.
    const flood = Array.from({ length: 8 }, () => auth.check(basic('p', 'wrong')));
    expect(await auth.check(basic('p', 's3cret'))).toBe('ok');
    const results = await Promise.all(flood);
    expect(results.filter((r) => r === 'busy').length).toBeGreaterThan(0);
    expect(results.every((r) => r === 'busy' || r === 'denied')).toBe(true);
    now += 2 * 3600 * 1000;
    expect(await auth.check(basic('p', 's3cret'))).toBe('ok');
  });
});
