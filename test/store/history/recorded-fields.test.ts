import { describe, expect, it } from 'vitest';
import { RECORD_NEEDS, RECORDED_FIELDS } from '../../../src/cli/history/record-needs.js';
import { snapshotFormatContext } from '../../../src/fields/format-context.js';
import { processFields } from '../../../src/fields/process-fields.js';
import { CODEC, decode, encode, fromColumns, toColumns, type StaticFacts } from '../../../src/store/history/process-codec.js';
import { proc, snapshot } from '../../tui/snapshot-fixture.js';

// The recording's process fields are registry rows: whatever a recorded column shows live, it shows the same
// from the history. A field added to the registry that needs a file the recorder reads is checked here with no
// list to update; one whose value the codec drops fails.

const container = { container: 'web', containerId: 'ab'.repeat(32), runtime: 'podman' as const, pod: null, namespace: null, unit: 'libpod-x.scope', cgroup: '/machine.slice/libpod-x.scope' };
const rows = [
  // systemd: high priority, locked pages, threads, session leader
  proc(1, { comm: 'systemd', nice: -1, vmLck: 8192, numThreads: 3, session: 1, pgrp: 1, utime: 500, stime: 300, sharedPages: 2000, cpuDeltaTicks: 4 }),
  // a niced process in the foreground of a terminal
  proc(4100, { comm: 'make', nice: 5, session: 4000, pgrp: 4100, tpgid: 4100, ttyNr: 34816, state: 'R', cpuDeltaTicks: 9, vmLck: 0 }),
  // in a container; nothing locked known (a row whose status was unreadable)
  proc(5200, { comm: 'nginx', container, vmLck: null, sharedPages: null, cpuDeltaTicks: null, uid: 33, user: 'www-data', cmdline: ['nginx', '-g', 'daemon off;'] }),
  proc(5300, { comm: 'defunct', state: 'Z', cmdline: [], rssPages: 0, vsize: 0, policy: 1, rtPriority: 10, priority: -11 }),
];

function roundTrip() {
  const facts = new Map<number, StaticFacts>();
  const sids = rows.map((r, i) => {
    facts.set(i + 1, { pid: r.pid, starttime: r.starttime, comm: r.comm, uid: r.uid, user: r.user, cmdline: r.cmdline, container: r.container ?? null });
    return i + 1;
  });
  const ref = toColumns(rows.map((r) => ({ ...r, utime: r.utime - 3, vmLck: null })), sids);
  return fromColumns(decode(encode(toColumns(rows, sids), CODEC.COLUMNAR_DELTA, ref), ref), (sid) => facts.get(sid));
}

describe('recorded process fields', () => {
  it('are the registry rows whose files the recorder reads, STAT and the container columns among them', () => {
    const keys = RECORDED_FIELDS.map((f) => f.key);
    for (const k of ['pid', 'user', 'stat', 'rss', 'shr', 'args', 'pcpu', 'container', 'runtime']) expect(keys).toContain(k);
    expect([...RECORD_NEEDS].sort()).toEqual(['cmdline', 'container', 'locked', 'rss', 'stat', 'statm', 'uid']);
    // Only what costs a file on every tick, a root-only one, or a GPU query is left out.
    for (const f of processFields.fields) if (!keys.includes(f.key)) expect(f.needs.some((s) => ['io', 'status', 'smaps', 'files', 'gpu'].includes(s)), f.key).toBe(true);
  });

  for (const style of ['ps', 'top'] as const) {
    it(`every recorded field reads back with the value and the ${style} text it had`, () => {
      const ctx = snapshotFormatContext(snapshot(rows), style);
      const back = roundTrip();
      expect(back.length).toBe(rows.length);
      for (let i = 0; i < rows.length; i++) {
        for (const f of RECORDED_FIELDS) {
          expect(f.value(back[i]!, ctx), `${f.key} of ${rows[i]!.pid}`).toEqual(f.value(rows[i]!, ctx));
          expect(f.text(back[i]!, ctx), `${f.key} of ${rows[i]!.pid}`).toBe(f.text(rows[i]!, ctx));
        }
      }
      expect(processFields.get('stat').text(back[0]!, ctx)).toBe('S<Lsl');
      expect(processFields.get('stat').text(back[1]!, ctx)).toBe('RN+');
    });
  }
});
