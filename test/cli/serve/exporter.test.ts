import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedExtension, Exporter } from '../../../src/cli/serve/exporter.js';
import { createExporterServer } from '../../../src/cli/serve/http-server.js';
import type { SnapshotExtension } from '../../../src/collectors/snapshot-collector.js';
import type { Snapshot } from '../../../src/core/snapshot.js';
import { mount, snapshot, usage } from '../../export/fixture-sample.js';

describe('Exporter', () => {
  it('renders one sample for concurrent scrapes and hands every one the same bytes', async () => {
    let ticks = 0;
    const exporter = new Exporter({ tick: async () => (ticks++, snapshot()) }, { top: 5, intervalMs: 60_000 });
    const bodies = await Promise.all(Array.from({ length: 20 }, () => exporter.metrics()));
    expect(ticks).toBe(1);
    for (const b of bodies) expect(b.plain).toBe(bodies[0]!.plain);
    expect(bodies[0]!.plain.toString()).toContain('\nsysmon_collections_total 1\n');
    expect(bodies[0]!.plain.toString()).toContain('\nnode_load1 0.5\n');
    // Compressed once, then the same buffer for every scrape that asks.
    expect(bodies[1]!.gzip()).toBe(bodies[2]!.gzip());
    expect(zlib.gunzipSync(bodies[3]!.gzip()).equals(bodies[0]!.plain)).toBe(true);
  });
});

describe('boundedExtension', () => {
  it('waits for a slow family at most waitMs, then serves its previous value', async () => {
    let call = 0;
    const inner: SnapshotExtension = {
      name: 'filesystems',
      async collect(s) {
        call++;
        if (call === 1) s.filesystems = [usage(mount('/', 'ext4', '/dev/sda1'))];
        else await new Promise(() => {}); // hangs for ever, like statfs on a dead NFS server
      },
    };
    const ext = boundedExtension(inner, 'filesystems', 50);
    const first = snapshot();
    await ext.collect(first);
    expect(first.filesystems!.map((u) => u.mount.target)).toEqual(['/']);
    const second: Snapshot = snapshot();
    const t0 = performance.now();
    await ext.collect(second);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(second.filesystems!.map((u) => u.mount.target)).toEqual(['/']);
    await ext.collect(snapshot());
    expect(call).toBe(2); // the hung reading is not started again
  });

  it('leaves the family out when no reading ever finished', async () => {
    const ext = boundedExtension({ name: 'x', collect: () => new Promise<void>(() => {}) }, 'filesystems', 20);
    const s = snapshot({ filesystems: [] });
    await ext.collect(s);
    expect('filesystems' in s).toBe(false);
  });
});

describe('createExporterServer', () => {
  let server: http.Server | null = null;
  afterEach(() => {
    server?.close();
    server = null;
  });

  async function start(metrics: () => Promise<Buffer>, log: (l: string) => void = () => {}): Promise<string> {
    server = createExporterServer({
      metrics: async () => {
        const plain = await metrics();
        return { plain, gzip: () => zlib.gzipSync(plain) };
      },
    }, log);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers a failed collection with 500 and one logged line', async () => {
    const logged: string[] = [];
    const base = await start(async () => {
      throw new Error('cannot read /proc/stat');
    }, (l) => logged.push(l));
    const r = await fetch(`${base}/metrics`);
    expect(r.status).toBe(500);
    expect(await r.text()).toBe('scrape failed: cannot read /proc/stat\n');
    expect(logged).toEqual(['scrape failed: cannot read /proc/stat']);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  /** GET with raw headers (fetch would negotiate and undo the compression itself). */
  function raw(url: string, headers: http.OutgoingHttpHeaders): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      http.get(url, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
      }).on('error', reject);
    });
  }

  it('serves the provider body with the exposition content type and length', async () => {
    const base = await start(async () => Buffer.from('node_load1 1\n'));
    const r = await raw(`${base}/metrics`, {});
    expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(r.headers['content-length']).toBe('13');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe('node_load1 1\n');
  });

  it('compresses with gzip when the scraper accepts it, as Prometheus does', async () => {
    const base = await start(async () => Buffer.from('node_load1 1\n'.repeat(100)));
    const r = await raw(`${base}/metrics`, { 'Accept-Encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(Number(r.headers['content-length'])).toBeLessThan(1300);
    expect(zlib.gunzipSync(r.body).toString()).toBe('node_load1 1\n'.repeat(100));
    const refused = await raw(`${base}/metrics`, { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });
});
