import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeptFiles } from '../../src/source/kept-files.js';
import { ProcFs } from '../../src/source/proc-fs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-kept-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** How many of this process's descriptors are open on `real`. */
function openOn(real: string): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === real) n++;
    } catch {
      // the descriptor readdir itself used, closed by now
    }
  }
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeptFiles', () => {
  it('keeps a /proc file open from its second read and reads it fresh every time', async () => {
    const files = new KeptFiles(new ProcFs('/'));
    // One read (a one-shot such as free) leaves no descriptor behind.
    expect(files.readText('/proc/uptime')).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect(openOn('/proc/uptime')).toBe(0);
    const first = files.readText('/proc/uptime');
    expect(first).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect(openOn('/proc/uptime')).toBe(1);
    await sleep(50);
    const second = files.readText('/proc/uptime');
    // The same descriptor, re-read at offset 0: the kernel made the text again (uptime has 10 ms steps).
    expect(openOn('/proc/uptime')).toBe(1);
    expect(Number(second!.split(' ')[0])).toBeGreaterThan(Number(first!.split(' ')[0]));
    // A longer file than the first buffer comes whole (meminfo ends with its last line), kept or not.
    files.readText('/proc/meminfo');
    const mem = files.readText('/proc/meminfo')!;
    expect(openOn('/proc/meminfo')).toBe(1);
    expect(mem).toMatch(/^MemTotal:/);
    expect(mem.endsWith('\n')).toBe(true);
    const keys = (t: string) => t.split('\n').map((l) => l.split(':')[0]);
    expect(keys(mem)).toEqual(keys(fs.readFileSync('/proc/meminfo', 'utf8')));
    files.close();
    expect(openOn('/proc/uptime')).toBe(0);
    expect(openOn('/proc/meminfo')).toBe(0);
    // Opened again after close.
    expect(files.readText('/proc/uptime')).toMatch(/^\d+\.\d\d /);
    expect(openOn('/proc/uptime')).toBe(1);
    files.close();
  });

  it('reads files that are not procfs (a fixture root) whole each time, so a replaced file is seen', () => {
    const root = path.join(tmp, 'root');
    fs.mkdirSync(path.join(root, 'proc'), { recursive: true });
    const file = path.join(root, 'proc', 'loadavg');
    fs.writeFileSync(file, '0.10 0.20 0.30 1/100 42\n');
    const files = new KeptFiles(new ProcFs(root));
    expect(files.readText('/proc/loadavg')).toBe('0.10 0.20 0.30 1/100 42\n');
    expect(openOn(file)).toBe(0);
    // Replaced by rename (a new inode): a kept descriptor would still read the old one.
    fs.writeFileSync(`${file}.new`, '9.00 9.00 9.00 2/200 43\n');
    fs.renameSync(`${file}.new`, file);
    expect(files.readText('/proc/loadavg')).toBe('9.00 9.00 9.00 2/200 43\n');
  });

  it('says missing for what is not there or not a file, as ProcFs.readText does', () => {
    const root = path.join(tmp, 'odd');
    fs.mkdirSync(path.join(root, 'proc', 'meminfo'), { recursive: true });
    const files = new KeptFiles(new ProcFs(root));
    expect(files.readText('/proc/meminfo')).toBeNull();
    expect(files.readText('/proc/no-such-file')).toBeNull();
    expect(new KeptFiles(new ProcFs('/')).readText('/proc/no-such-file')).toBeNull();
  });
});
