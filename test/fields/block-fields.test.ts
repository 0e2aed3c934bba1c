import { describe, expect, it } from 'vitest';
import type { BlockDevice } from '../../src/core/filesystem.js';
import {
  BLOCK_FIELDS, blockCellText, blockJsonValue, compareBlockRows, findBlockField, modeString, type BlockRow,
} from '../../src/fields/block-fields.js';
import { devNumber } from '../../src/core/devno.js';
import { lsblkColumns, type LsblkOptions } from '../../src/cli/lsblk/run-lsblk.js';
import { ToolError } from '../../src/core/errors.js';

function device(over: Partial<BlockDevice> = {}, attrs: Record<string, string> = {}): BlockDevice {
  return {
    kname: 'vda', name: 'vda', path: '/dev/vda', majMin: '254:0', size: 256 * 2 ** 30, removable: false,
    readOnly: false, type: 'disk', mountpoints: ['/srv', '/'], fsroots: ['/srv', '/'], fstype: null, fsver: null,
    label: null, uuid: null, children: [], partition: false, firstMount: null, udev: new Map(),
    attr: (rel) => attrs[rel] ?? null, subsystems: () => ['block', 'virtio', 'pci'], hctl: () => null,
    node: () => ({ mode: 0o060600, uid: 0, gid: 6 }), ...over,
  };
}

const row = (d: BlockDevice, over: Partial<BlockRow> = {}): BlockRow => ({
  dev: d, parent: null, paths: false, userName: (u) => (u === 0 ? 'root' : String(u)), groupName: (g) => (g === 6 ? 'disk' : String(g)),
  ...over,
});

const f = (k: string) => findBlockField(k)!;

describe('lsblk column registry', () => {
  it('has every util-linux 2.38 column once, in lsblk --help order', () => {
    expect(BLOCK_FIELDS).toHaveLength(64);
    expect(new Set(BLOCK_FIELDS.map((x) => x.key)).size).toBe(64);
    expect(BLOCK_FIELDS[0]!.header).toBe('ALIGNMENT');
    expect(BLOCK_FIELDS.at(-1)!.header).toBe('ZONE-AMAX');
    expect(findBlockField('MAJ:MIN')).toBe(findBlockField('maj:min'));
  });

  it('prints each kind as lsblk does in tables, -J and --json', () => {
    const r = row(device({}, { 'queue/rotational': '1', 'queue/read_ahead_kb': '8192', 'queue/scheduler': 'none [mq-deadline] kyber' }));
    expect(blockCellText(f('size'), r, false, true)).toBe('256G');
    expect(blockCellText(f('size'), r, true, true)).toBe(String(256 * 2 ** 30));
    expect(blockJsonValue(f('size'), r, false)).toBe('256G');
    expect(blockJsonValue(f('size'), r, true)).toBe(256 * 2 ** 30);
    expect(blockCellText(f('rota'), r, false, true)).toBe('1');
    expect(blockJsonValue(f('rota'), r, false)).toBe(true);
    expect(blockJsonValue(f('ra'), r, false)).toBe(8192);
    expect(blockJsonValue(f('sched'), r, false)).toBe('mq-deadline');
    expect(blockJsonValue(f('state'), r, false)).toBeNull();
    expect(blockCellText(f('maj:min'), r, false, true)).toBe('254:0  ');
    expect(blockCellText(f('maj:min'), r, false, false)).toBe('254:0');
    expect(blockCellText(f('mountpoints'), r, false, true)).toEqual(['/srv', '/']);
    expect(blockJsonValue(f('mountpoints'), row(device({ mountpoints: [] })), false)).toEqual([null]);
    // MOUNTPOINT prefers the mount of the whole filesystem to a bind mount of a directory of it.
    expect(blockJsonValue(f('mountpoint'), r, false)).toBe('/');
    expect(blockJsonValue(f('subsystems'), r, false)).toBe('block:virtio:pci');
    expect(blockJsonValue(f('mode'), r, false)).toBe('brw-------');
    expect(blockJsonValue(f('group'), r, false)).toBe('disk');
    // Absent zone limits read as 0, as lsblk prints them.
    expect(blockJsonValue(f('zone-omax'), r, false)).toBe(0);
    expect(blockJsonValue(f('name'), row(device(), { paths: true }), false)).toBe('/dev/vda');
  });

  it('sorts numbers by value and MAJ:MIN by major then minor', () => {
    const a = row(device({ majMin: '8:16', size: 10 }));
    const b = row(device({ majMin: '254:0', size: 9 }));
    expect(compareBlockRows(f('maj:min'), a, b)).toBeLessThan(0);
    expect(compareBlockRows(f('size'), a, b)).toBeGreaterThan(0);
  });

  it('renders mode strings and device numbers as ls and glibc do', () => {
    expect(modeString(0o060660)).toBe('brw-rw----');
    expect(modeString(0o104755)).toBe('-rwsr-xr-x');
    expect(devNumber(254 * 256)).toBe('254:0');
    expect(devNumber(259 * 256 + 1)).toBe('259:1');
    // A minor above 255 is split around the major (new-style dev_t).
    expect(devNumber((7 << 8) | 0x00 | (1 << 20))).toBe('7:256');
  });
});

describe('lsblk column choice', () => {
  const base: LsblkOptions = {
    sets: [], output: null, sort: null, paths: false, bytes: false, all: false, nodeps: false, scsi: false,
    list: false, raw: false, pairs: false, json: false, noHeadings: false, devices: [], timeoutMs: 100,
  };
  const keys = (o: Partial<LsblkOptions>) => lsblkColumns({ ...base, ...o }).fields.map((x) => x.header).join(',');

  it('defaults, option sets in the order given, -o replacing and +LIST adding', () => {
    expect(keys({})).toBe('NAME,MAJ:MIN,RM,SIZE,RO,TYPE,MOUNTPOINTS');
    expect(keys({ sets: ['perms', 'topology'] })).toBe('NAME,SIZE,OWNER,GROUP,MODE,ALIGNMENT,MIN-IO,OPT-IO,PHY-SEC,LOG-SEC,ROTA,SCHED,RQ-SIZE,RA,WSAME');
    expect(keys({ output: 'name,size' })).toBe('NAME,SIZE');
    expect(keys({ output: '+KNAME' })).toBe('NAME,MAJ:MIN,RM,SIZE,RO,TYPE,MOUNTPOINTS,KNAME');
    expect(keys({ sets: ['all'] }).split(',')).toHaveLength(64);
  });

  it('names the rest of the list from an unknown column, as lsblk does', () => {
    expect(() => keys({ output: 'NAME,NOSUCH,SIZE' })).toThrow(new ToolError('unknown column: NOSUCH,SIZE', 1));
    expect(() => keys({ sort: 'NOSUCH' })).toThrow(/^unknown column: NOSUCH\nTry '.*lsblk --help' for more information\.$/);
  });
});
