import { describe, expect, it } from 'vitest';
import type { ProcessDetails } from '../../src/core/process-details.js';
import { displayWidth } from '../../src/format/display-width.js';
import { renderDetails } from '../../src/tui/details-view.js';
import { stripTags } from '../../src/tui/theme.js';

// The details view draws a process's own text (name, command line, executable, directory, map paths, open
// files, cgroup path, user): every control character there is escaped, and every line fits the width.
const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
const EVIL = `x${C0}\x7f${C1}\u2028\ufffd\ud800y数据`;
const RAW = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffd]|[\ud800-\udfff]/;

function hostile(): ProcessDetails {
  return {
    pid: 4242, comm: EVIL, cmdline: [EVIL, EVIL], command: `${EVIL} ${EVIL}`, state: 'S', stateName: 'sleeping',
    ppid: 1, parentComm: EVIL, exe: `/bin/${EVIL}`, cwd: `/srv/${EVIL}`, threads: 1, nice: 0, priority: 20, uid: 1000,
    euid: 1000, user: EVIL, startTime: 1_700_000_000, utime: 1, stime: 1, voluntaryCtxtSwitches: 1,
    nonvoluntaryCtxtSwitches: 1, kernelThread: false,
    memory: { rss: 1, pss: 1, uss: 1, shared: 1, swap: 0, vsize: 1, source: 'smaps_rollup' },
    maps: {
      entries: [{ start: '1000', end: '2000', size: 4096, perms: 'r--p', offset: 0, device: 'fe:00', inode: 1, path: `/lib/${EVIL}`, deleted: true, kind: 'file' }],
      more: 0,
    },
    openFiles: { entries: [{ fd: 3, target: `/tmp/${EVIL}` }], more: 0 },
    cgroups: [{ hierarchy: 0, controllers: [], path: `/system.slice/${EVIL}.service` }],
    limits: { memoryMax: null, memoryMaxAt: null, memoryCurrent: null, cpuMax: null, cpuMaxAt: null, version: 2 },
    problems: [{ what: EVIL, reason: 'permission denied' }],
  } as ProcessDetails;
}

describe('details view with hostile text', () => {
  for (const width of [40, 100, 200]) {
    it(`escapes everything and fits ${width} columns`, () => {
      const r = renderDetails(hostile(), width, { now: 1_700_000_100_000, utc: true });
      const text = r.lines.map(stripTags);
      expect(text.join('\n').length).toBeGreaterThan(100);
      for (const l of text) {
        expect(l, JSON.stringify(l)).not.toMatch(RAW);
        expect(displayWidth(l), JSON.stringify(l)).toBeLessThanOrEqual(width);
      }
      expect(text.join('\n')).toContain('x?????????\\t\\n');
    });
  }
});
