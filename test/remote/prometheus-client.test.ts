import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient, PrometheusError } from '../../src/remote/prometheus-client.js';

// How the client fails: a server that never answers, a wrong URL, a refused login, an API error. The server
// here is a loopback stand-in for the failure modes; the real Prometheus is in test/live/fleet-prometheus.test.ts.

let server: http.Server;
let base = '';
const seen: Array<{ url: string; auth?: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization });
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/slow/api/v1/query') return; // never answers
    if (u.pathname === '/auth/api/v1/query') {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic' }).end('Unauthorized\n');
      return;
    }
    if (u.pathname === '/prom/api/v1/query') {
      if (u.searchParams.get('query') === 'bad(') {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error:\n unexpected end' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { instance: 'a' }, value: [1700000000.5, 'NaN'] }, { metric: {}, value: [1, '+Inf'] }] } }));
      return;
    }
    res.writeHead(404).end('404 page not found\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function failure(p: Promise<unknown>): Promise<PrometheusError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(PrometheusError);
  return e as PrometheusError;
}

describe('Prometheus HTTP API client', () => {
  it('keeps a path prefix, sends basic auth from the URL, parses NaN and +Inf', async () => {
    const c = new PrometheusClient({ url: `${base.replace('//', '//ops:s%3Acret@')}/prom`, timeoutMs: 5000 });
    const r = await c.query('up', 1700000000);
    c.close();
    expect(r.map((s) => s.value)).toEqual([NaN, Infinity]);
    expect(r[0]!.time).toBe(1700000000.5);
    const last = seen[seen.length - 1]!;
    expect(last.url).toBe('/prom/api/v1/query?query=up&time=1700000000');
    expect(Buffer.from(last.auth!.replace('Basic ', ''), 'base64').toString()).toBe('ops:s:cret');
    expect(c.url).not.toContain('cret');
  });

  it('a server that does not answer fails after the timeout with one line', async () => {
    const c = new PrometheusClient({ url: `${base}/slow`, timeoutMs: 300 });
    const e = await failure(c.query('up'));
    c.close();
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe('timed out after 0.3 s');
  });

  it('refused logins, wrong paths, API errors and refused connections are one line each', async () => {
    const c = new PrometheusClient({ url: base, timeoutMs: 5000 });
    expect((await failure(new PrometheusClient({ url: `${base}/auth`, timeoutMs: 5000 }).query('up'))).message).toBe('HTTP 401 Unauthorized (wrong or missing credentials?)');
    expect((await failure(c.query('up'))).message).toBe('HTTP 404 Not Found (not a Prometheus API at this URL?)');
    const api = await failure(new PrometheusClient({ url: `${base}/prom`, timeoutMs: 5000 }).query('bad('));
    expect(api.message).toBe('bad_data: invalid parameter "query": 1:5: parse error: unexpected end');
    const freePort = await new Promise<number>((r) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    expect((await failure(new PrometheusClient({ url: `http://127.0.0.1:${freePort}`, timeoutMs: 5000 }).query('up'))).message).toBe('connection refused');
    c.close();
    expect(() => new PrometheusClient({ url: 'ftp://x', timeoutMs: 1 })).toThrow('only http and https');
  });
});
