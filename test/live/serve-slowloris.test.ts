import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startSysmon, stopChild, waitFor, type Sysmon } from './serve-helpers.js';

// A slowloris against `sysmon serve` on loopback: 500 connections that send half a request head and then
// nothing. Scrapes must still be answered, the server must close the half-sent connections itself (header
// timeout), and its memory must stay bounded. Bounded in count (500 sockets) and time (~15 s).

const SLOW = 500;

function vmRssBytes(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
}

describe('sysmon serve under a slowloris', () => {
  let s: Sysmon | undefined;
  const sockets: net.Socket[] = [];
  let closedByServer = 0;

  beforeAll(async () => {
    s = await startSysmon();
  }, 30_000);

  afterAll(async () => {
    for (const k of sockets) k.destroy();
    await stopChild(s);
  });

  it('500 half-sent requests neither stop scrapes nor stay open, and memory stays bounded', async () => {
    const rssBefore = vmRssBytes(s!.proc.pid!);
    await Promise.all(Array.from({ length: SLOW }, () => new Promise<void>((resolve) => {
      const k = net.connect(s!.port, '127.0.0.1', () => {
        k.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
        resolve();
      });
      k.on('close', () => closedByServer++);
      k.on('error', () => resolve());
      sockets.push(k);
    })));
    // With 500 held (above the cap of 256), scrapes are still answered: the cap closes half-sent
    // connections to make room, oldest first.
    for (let i = 0; i < 10; i++) {
      const r = await get(`${s!.base}/metrics`);
      expect(r.status).toBe(200);
      expect(r.body).toContain('node_load1 ');
    }
    // The server closes every half-sent connection by itself (10 s header timeout).
    await waitFor('the server to close the slow connections', async () => (closedByServer === SLOW ? true : undefined), 30_000, 250);
    expect((await get(`${s!.base}/healthz`)).body).toBe('ok\n');
    // 500 sockets cost little: well under 64 MiB more than before.
    expect(vmRssBytes(s!.proc.pid!) - rssBefore).toBeLessThan(64 * 1024 * 1024);
    expect(s!.proc.exitCode).toBeNull();
  }, 60_000);

  it('a request head larger than 8 KiB is refused with 431, not buffered', async () => {
    const r = await new Promise<string>((resolve) => {
      const k = net.connect(s!.port, '127.0.0.1', () => k.write(`GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(16 * 1024)}\r\n\r\n`));
      let got = '';
      k.on('data', (d: Buffer) => (got += d.toString('latin1')));
      k.on('close', () => resolve(got));
      k.on('error', () => resolve(got));
    });
    expect(r).toMatch(/^HTTP\/1\.1 431 /);
  });
});
