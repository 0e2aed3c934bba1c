import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DrmCardReader } from '../../src/source/drm-gpu-files.js';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'gpu');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A writable copy of the GPU fixture root. */
function copy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-drm-'));
  dirs.push(root);
  fs.cpSync(FIX, root, { recursive: true });
  return root;
}

const openFds = (): number => fs.readdirSync('/proc/self/fd').length;
const card = (root: string, n: number, file: string): string => path.join(root, 'sys/class/drm', `card${n}`, 'device', file);

describe('DrmCardReader (kept descriptors)', () => {
  it('hands back the same object while no file changed, and fresh text once one is rewritten', () => {
    const root = copy();
    const r = new DrmCardReader(root);
    const first = r.read(0).find((c) => c.card === 0)!;
    expect(first.busyPercent).toBe('37');
    expect(r.read(1).find((c) => c.card === 0)).toBe(first);
    fs.writeFileSync(card(root, 0, 'gpu_busy_percent'), '81\n');
    const next = r.read(2).find((c) => c.card === 0)!;
    expect(next).not.toBe(first);
    expect(next).toMatchObject({ busyPercent: '81', vramTotal: first.vramTotal, product: 'Radeon RX 6600' });
    r.close();
  });

  it('stops reading a card once it is runtime-suspended, and reads it again when it wakes', () => {
    const root = copy();
    const r = new DrmCardReader(root);
    expect(r.read(0)[0]).toMatchObject({ card: 0, busyPercent: '37' });
    fs.writeFileSync(card(root, 0, 'power/runtime_status'), 'suspended\n');
    // While it sleeps its files are not read: a new figure on disk shows only once it is awake again.
    fs.writeFileSync(card(root, 0, 'gpu_busy_percent'), '99\n');
    expect(r.read(1)[0]).toMatchObject({ card: 0, runtimeStatus: 'suspended', busyPercent: null, temp: null });
    fs.writeFileSync(card(root, 0, 'power/runtime_status'), 'active\n');
    expect(r.read(2)[0]).toMatchObject({ card: 0, runtimeStatus: 'active', busyPercent: '99' });
    r.close();
  });

  it('leaves out the cards skip names before reading them, and gives every descriptor back on close', () => {
    const root = copy();
    const before = openFds();
    const r = new DrmCardReader(root);
    expect(r.read(0).map((c) => c.card)).toEqual([0, 1, 2, 3]);
    expect(openFds()).toBeGreaterThan(before);
    expect(r.read(1, (v) => v === '0x10de').map((c) => c.card)).toEqual([0, 1, 2]);
    r.close();
    expect(openFds()).toBe(before);
  });

  it('counts a file that vanished as missing and finds it again on a later read', () => {
    const root = copy();
    const r = new DrmCardReader(root);
    expect(r.read(0)[0]!.temp).toBe('54000');
    // Unbinding a card makes its attributes fail; a fixture can only remove and restore the file.
    const temp = path.join(root, 'sys/class/drm/card0/device/hwmon/hwmon3/temp1_input');
    r.close();
    fs.rmSync(temp);
    expect(r.read(1)[0]!.temp).toBeNull();
    fs.writeFileSync(temp, '61000\n');
    expect(r.read(2)[0]!.temp).toBeNull(); // not looked for again at once
    expect(r.read(20_000)[0]!.temp).toBe('61000');
    r.close();
  });
});
