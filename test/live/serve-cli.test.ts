import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSysmon, type CliResult } from '../helpers/sysmon-cli.js';
import {
  bin, childEnv, get, parseExposition, repo, startChild, startSysmon, stopChild, waitFor, type Sysmon,
} from './serve-helpers.js';


function sysmon(args: string[]): Promise<CliResult> {
  return runSysmon(args, { env: childEnv(), timeout: 10_000 });
}

describe('sysmon serve: bad input is one line and a non-zero exit', () => {
  it.each([
    ['nonsense', 'no port'],
    ['127.0.0.1:99999', 'out of range'],
    ['::1:9101', 'brackets'],
  ])('--listen %s: exit 1', async (listen, why) => {
    const r = await sysmon(['serve', '--listen', listen]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^sysmon: serve: invalid --listen '.*': .*${why}.*\\n$`));
  });

  it('a port in use: exit 1, one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await sysmon(['serve', '--listen', `127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`sysmon: serve: cannot listen on 127.0.0.1:${port}: address already in use (another exporter running? pick another port with --listen)\n`);
    } finally {
      blocker.close();
    }
  });

  it('an address this machine does not have: exit 1, one line (nothing is sent anywhere)', async () => {
    const r = await sysmon(['serve', '--listen', '192.0.2.1:9101']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('sysmon: serve: cannot listen on 192.0.2.1:9101: address not available: it is not an address of this machine\n');
  });

  it.each([['--top', 'many'], ['--top', '5000'], ['--interval', '0'], ['--interval', 'x']])('%s %s: usage error, exit 2', async (opt, val) => {
    const r = await sysmon(['serve', opt, val]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^sysmon: serve: /);
  });

  it('--help shows the options and examples', async () => {
    const r = await sysmon(['serve', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--listen', '--top', '--interval', '--json', 'Examples:', '127.0.0.1:9101']) expect(r.stdout).toContain(s);
  });
});

describe('sysmon serve: HTTP', () => {
  let s: Sysmon | undefined;
  beforeAll(async () => {
    s = await startSysmon(['--top', '3']);
  });
  afterAll(async () => {
    await stopChild(s);
  });

  it('GET /metrics: text format 0.0.4', async () => {
    const r = await get(`${s!.base}/metrics`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const fams = parseExposition(r.body);
    expect(fams.get('node_load1')!.type).toBe('gauge');
    // --top 3: at most 3 by CPU + 3 by memory.
    expect(fams.get('sysmon_process_cpu_seconds_total')!.series.size).toBeLessThanOrEqual(6);
    expect(fams.get('sysmon_process_cpu_seconds_total')!.series.size).toBeGreaterThanOrEqual(3);
  });

  it('GET / links /metrics; GET /healthz says ok; a query string is ignored', async () => {
    const index = await get(`${s!.base}/`);
    expect(index.status).toBe(200);
    expect(index.type).toContain('text/html');
    expect(index.body).toContain('<a href="/metrics">');
    expect((await get(`${s!.base}/healthz`)).body).toBe('ok\n');
    expect((await get(`${s!.base}/metrics?debug=1`)).status).toBe(200);
  });

  it('other paths 404, other methods 405, HEAD has no body', async () => {
    expect((await get(`${s!.base}/metrics/`)).status).toBe(404);
    expect((await get(`${s!.base}/favicon.ico`)).status).toBe(404);
    const post = await get(`${s!.base}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get(`${s!.base}/healthz`, { method: 'DELETE' })).status).toBe(405);
    const head = await get(`${s!.base}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('50 concurrent clients for 2 s: no failed scrape, and the scrapes of an interval share one sample', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const scrape = () => new Promise<number>((resolve) => {
      http.get(`${s!.base}/metrics`, { agent }, (res) => {
        let n = 0;
        res.on('data', (d: Buffer) => (n += d.length));
        res.on('end', () => resolve(res.statusCode === 200 && n > 1000 ? 1 : 0));
        res.on('error', () => resolve(0));
      }).on('error', () => resolve(0));
    });
    const count = async () => parseExposition((await get(`${s!.base}/metrics`)).body).get('sysmon_collections_total')!.series.get('')!;
    const before = await count();
    const t0 = Date.now();
    let ok = 0;
    let failed = 0;
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (Date.now() - t0 < 2000) {
        if (await scrape()) ok++;
        else failed++;
      }
    }));
    const seconds = (Date.now() - t0) / 1000;
    agent.destroy();
    await new Promise((r) => setTimeout(r, 1100));
    const collected = (await count()) - before;
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(100);
    // One collection per 1 s interval (plus the one for the count itself), however many scrapes.
    expect(collected).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
  });
});

describe('sysmon serve: start and stop', () => {
  it('prints where it listens, and Ctrl-C (SIGINT) stops it cleanly with status 0', async () => {
    const child = startChild(process.execPath, [bin, 'serve', '--listen', '127.0.0.1:0'], childEnv());
    const line = await waitFor('the startup line', async () => (child.stdout().includes('\n') ? child.stdout() : undefined), 10_000, 50);
    const m = /^sysmon serve: listening on http:\/\/127\.0\.0\.1:(\d+)\/metrics \(Ctrl-C to stop\)\n$/.exec(line);
    expect(m).not.toBeNull();
    expect((await get(`http://127.0.0.1:${m![1]}/healthz`)).status).toBe(200);
    child.proc.kill('SIGINT');
    const { code, signal } = await child.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(child.stderr()).toBe('');
    await expect(get(`http://127.0.0.1:${m![1]}/healthz`)).rejects.toThrow();
  });
});

describe('sysmon serve on a fixture with a hung NFS mount', () => {
  const root = path.join(repo, 'test', 'fixtures', 'serve-hung-nfs');
  const golden = path.join(repo, 'test', 'golden', 'serve', 'hung-nfs.prom');
  let s: Sysmon | undefined;
  beforeAll(async () => {
    s = await startSysmon([], childEnv({ SYSMON_ROOT: root }));
  });
  afterAll(async () => {
    await stopChild(s);
  });

  /** The body without what varies between runs: timings and the user a checkout's files belong to. */
  function stable(body: string): string {
    return body
      .split('\n')
      .filter((l) => !/^sysmon_(scrape_duration_seconds|collections_total) /.test(l))
      .map((l) => l.replace(/,user="[^"]*"/, ',user="*"'))
      .join('\n');
  }

  it('answers the first scrape without waiting for the hung statfs', async () => {
    const t0 = performance.now();
    const r = await get(`${s!.base}/metrics`);
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(900);
    expect(r.body).toContain('node_memory_MemTotal_bytes 16710053888');
  });

  it('then reports the hung mount and the unreadable one as device errors, the others with their sizes', async () => {
    const body = await waitFor('a scrape with filesystems', async () => {
      const r = await get(`${s!.base}/metrics`);
      return r.body.includes('node_filesystem_device_error{') ? r.body : undefined;
    }, 5000, 250);
    expect(body).toContain('node_filesystem_device_error{device="srv:/export",fstype="nfs4",mountpoint="/mnt/nfs"} 1');
    expect(body).toContain('node_filesystem_device_error{device="/dev/sdb1",fstype="ext4",mountpoint="/backup"} 1');
    expect(body).toContain('node_filesystem_size_bytes{device="/dev/sda2",fstype="ext4",mountpoint="/home/a b"} 204800000000');
    expect(body).not.toContain('mountpoint="/mnt/nfs"} 0');
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(path.dirname(golden), { recursive: true });
      fs.writeFileSync(golden, stable(body));
    }
    expect(stable(body)).toBe(fs.readFileSync(golden, 'utf8'));
  });
});
