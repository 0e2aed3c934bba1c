import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceIoCollector } from '../../src/collectors/device-io-collector.js';
import type { Snapshot } from '../../src/core/snapshot.js';
import { ProcFs } from '../../src/source/proc-fs.js';

const fixtures = path.resolve(__dirname, '..', 'fixtures');

describe('DeviceIoCollector', () => {
  it('fills disks and network from the root it reads', () => {
    const snap = {} as Snapshot;
    new DeviceIoCollector(new ProcFs(path.join(fixtures, 'serve-hung-nfs'))).collect(snap);
    expect(snap.disks!.map((d) => d.device)).toEqual(['loop0', 'sda', 'sda1', 'sdb', 'dm-0', 'zram0']);
    expect(snap.network!.map((n) => n.device)).toEqual(['lo', 'eth0', 'veth1234abcd']);
  });

  it('leaves the fields absent when the files are missing (a container that hides them)', () => {
    const snap = { disks: [], network: [] } as unknown as Snapshot;
    new DeviceIoCollector(new ProcFs(path.join(fixtures, 'desktop'))).collect(snap);
    expect('disks' in snap).toBe(false);
    expect('network' in snap).toBe(false);
  });
});
