import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, which, type Prometheus } from './prometheus-helpers.js';
import { startSysmon, stopChild, waitFor, type Sysmon } from './serve-helpers.js';

// `sysmon serve --web.config.file` with TLS and basic auth, in exporter-toolkit's format: certificates made
// here with openssl, the bcrypt hash made by the system's libcrypt (not by the library sysmon verifies with),
// the same file accepted by `promtool check web-config`, and a real Prometheus scraping it over https with the
// right password, a wrong one, and plain http. Loopback only.

/** `correct horse`, hashed by libxcrypt's crypt(3) with cost 10 (python3 crypt.mksalt(METHOD_BLOWFISH)). */
const HASH = '$2b$10$UUz6e47hFMGQoABatuFmc.nyy.S.PKTW8/Wqaf2IBIX6ycechu4Pi';
const PASSWORD = 'correct horse';

interface Answer {
  status: number;
  body: string;
}

function request(port: number, o: { auth?: string; ca?: Buffer; cert?: Buffer; key?: Buffer; path?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.get({
      host: '127.0.0.1', port, path: o.path ?? '/metrics', ca: o.ca, cert: o.cert, key: o.key, agent: false,
      headers: o.auth ? { Authorization: `Basic ${Buffer.from(o.auth).toString('base64')}` } : {},
    }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
  });
}

/** Send a plain-http request to a TLS port; resolve with whatever comes back before the socket closes. */
function plainHttp(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'));
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got));
    s.on('error', () => undefined);
    s.setTimeout(15_000, () => s.destroy());
  });
}

describe('sysmon serve with TLS and basic auth (web configuration file)', () => {
  let tmp = '';
  let ca: Buffer;
  let serve: Sysmon | undefined;
  let mtls: Sysmon | undefined;
  let prom: Prometheus | undefined;
  const file = (name: string): string => path.join(tmp, name);

  beforeAll(async () => {
    const openssl = which('openssl');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-tls-'));
    const ossl = (...args: string[]): void => {
      execFileSync(openssl, args, { cwd: tmp, stdio: 'pipe' });
    };
    ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=sysmon test CA');
    fs.writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    ossl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext');
    fs.writeFileSync(file('client.ext'), 'subjectAltName=DNS:prometheus.test\nextendedKeyUsage=clientAuth\n');
    ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=prometheus');
    ossl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '2', '-extfile', 'client.ext');
    ca = fs.readFileSync(file('ca.crt'));
    // Paths relative to the file, as exporter-toolkit resolves them.
    fs.writeFileSync(file('web.yml'), [
      'tls_server_config:',
      '  cert_file: server.crt',
      '  key_file: server.key',
      'basic_auth_users:',
      `  prometheus: ${HASH}`,
      '',
    ].join('\n'));
    fs.writeFileSync(file('web-mtls.yml'), [
      'tls_server_config:',
      `  cert_file: ${file('server.crt')}`,
      `  key_file: ${file('server.key')}`,
      '  client_auth_type: RequireAndVerifyClientCert',
      `  client_ca_file: ${file('ca.crt')}`,
      '  min_version: TLS12',
      '',
    ].join('\n'));
    serve = await startSysmon(['--web.config.file', file('web.yml')]);
    mtls = await startSysmon(['--web.config.file', file('web-mtls.yml')]);
    fs.writeFileSync(file('right'), PASSWORD);
    const job = (name: string, scheme: string, password: string | null): string[] => [
      `  - job_name: ${name}`,
      `    scheme: ${scheme}`,
      ...(scheme === 'https' ? ['    tls_config:', `      ca_file: ${file('ca.crt')}`] : []),
      ...(password === null ? [] : ['    basic_auth:', '      username: prometheus', `      password: '${password}'`]),
      '    static_configs:',
      `      - targets: ['127.0.0.1:${serve!.port}']`,
    ];
    prom = await startPrometheus(tmp, [
      'global: { scrape_interval: 1s, scrape_timeout: 1s }',
      'scrape_configs:',
      ...job('right', 'https', PASSWORD),
      ...job('wrong', 'https', 'battery staple'),
      ...job('noauth', 'https', null),
      ...job('plain', 'http', PASSWORD),
      '',
    ].join('\n'));
    await waitFor('every job scraped once', async () => {
      const t = await prom!.targets();
      return t.length === 4 && t.every((x) => x.health !== 'unknown') && t.find((x) => x.scrapePool === 'right')?.health === 'up' ? true : undefined;
    }, 60_000, 300);
  }, 120_000);

  afterAll(async () => {
    await stopChild(prom);
    await stopChild(serve);
    await stopChild(mtls);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the startup line says https', () => {
    expect(JSON.parse(serve!.stdout().split('\n')[0]!).url).toBe(`https://127.0.0.1:${serve!.port}/metrics`);
    expect(serve!.stderr()).toBe('');
  });

  it('promtool accepts the same web configuration file', () => {
    const r = spawnSync(which('promtool'), ['check', 'web-config', file('web.yml'), file('web-mtls.yml')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe(`${file('web.yml')} SUCCESS\n${file('web-mtls.yml')} SUCCESS\n`);
  });

  it('Prometheus scrapes over https with the right password; wrong passwords, none, and plain http are refused', async () => {
    const targets = await prom!.targets();
    const by = (pool: string): (typeof targets)[number] => targets.find((t) => t.scrapePool === pool)!;
    expect(by('right').health).toBe('up');
    expect(by('right').lastError).toBe('');
    expect(by('right').scrapeUrl).toBe(`https://127.0.0.1:${serve!.port}/metrics`);
    expect(by('wrong').health).toBe('down');
    expect(by('wrong').lastError).toMatch(/401 Unauthorized/);
    expect(by('noauth').health).toBe('down');
    expect(by('noauth').lastError).toMatch(/401 Unauthorized/);
    expect(by('plain').health).toBe('down');
    expect(by('plain').lastError).not.toBe('');
    const up = await prom!.query('up{job="right"}');
    expect(up[0]!.value[1]).toBe('1');
    const mem = await prom!.query('node_memory_MemTotal_bytes{job="right"}');
    expect(Number(mem[0]!.value[1])).toBe(Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024);
  });

  it('every path needs the password; a cached login still refuses a wrong one', async () => {
    expect((await request(serve!.port, { ca, auth: `prometheus:${PASSWORD}` })).status).toBe(200);
    for (const p of ['/metrics', '/', '/healthz', '/nope']) {
      expect((await request(serve!.port, { ca, path: p })).status, p).toBe(401);
    }
    expect((await request(serve!.port, { ca, auth: 'prometheus:correct horsE' })).status).toBe(401);
    expect((await request(serve!.port, { ca, auth: `nobody:${PASSWORD}` })).status).toBe(401);
    const ok = await request(serve!.port, { ca, auth: `prometheus:${PASSWORD}`, path: '/healthz' });
    expect(ok).toEqual({ status: 200, body: 'ok\n' });
    // An untrusted certificate is refused by the client: the server really presents the test CA's certificate.
    await expect(request(serve!.port, { auth: `prometheus:${PASSWORD}` })).rejects.toThrow(/self-signed|unable to verify|certificate/);
  });

  it('plain http to the TLS port gets no HTTP answer', async () => {
    const got = await plainHttp(serve!.port);
    expect(got).not.toMatch(/^HTTP\/1\.1 200/);
    expect(got).not.toContain('node_memory');
  });

  it('client_auth_type RequireAndVerifyClientCert: no certificate, no answer; the CA-signed one is served', async () => {
    await expect(request(mtls!.port, { ca })).rejects.toThrow();
    const r = await request(mtls!.port, { ca, cert: fs.readFileSync(file('client.crt')), key: fs.readFileSync(file('client.key')) });
    expect(r.status).toBe(200);
    expect(r.body).toContain('node_load1 ');
  });
});
