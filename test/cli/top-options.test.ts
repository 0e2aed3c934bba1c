import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawTopOpts } from '../../src/cli/commands/top.js';
import { parseTopOptions } from '../../src/cli/top/options.js';
import { topScaleKib } from '../../src/fields/process-fields.js';
import { TOP_FIELD_NAMES, topSortField } from '../../src/fields/top-fields.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { REPO } from '../helpers/sysmon-cli.js';

// top -b's options as procps-ng 4.0.2 top checks them (each behaviour was tried with the real top): one by
// one in the order given, toggles flipping, top's messages.
const fs = new ProcFs(path.join(REPO, 'test', 'fixtures', 'procs'));

function parse(...seen: Array<[string, string | boolean]>): ReturnType<typeof parseTopOptions> {
  return parseTopOptions({ seen } as RawTopOpts, fs);
}

function error(...seen: Array<[string, string | boolean]>): string {
  try {
    parse(...seen);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('top -b options', () => {
  it('defaults: MiB summary, KiB tasks, no toggles', () => {
    const o = parse();
    expect([o.summaryScale, o.taskScale, o.cumulative, o.perCpu, o.user, o.pids]).toEqual([1, 0, false, false, null, null]);
  });
  it('-E and -e take a unit letter in either case; -e stops at p', () => {
    expect(parse(['scale-summary-mem', 'e'], ['scale-task-mem', 'G'])).toMatchObject({ summaryScale: 5, taskScale: 2 });
    expect(error(['scale-task-mem', 'e'])).toBe("bad memory scaling arg 'e'");
    expect(error(['scale-summary-mem', 'kk'])).toBe("bad memory scaling arg 'kk'");
  });
  it('toggles given twice are off again', () => {
    expect(parse(['accum-time-toggle', true], ['accum-time-toggle', true]).cumulative).toBe(false);
    expect(parse(['single-cpu-toggle', true]).perCpu).toBe(true);
  });
  it('checks in the order given: the first bad option is reported, -O stops the checks', () => {
    expect(error(['filter-only-euser', 'nosuchuser'], ['sort-override', 'nosuch'])).toBe('Invalid user');
    expect(error(['sort-override', 'nosuch'], ['filter-only-euser', 'nosuchuser'])).toBe("unrecognized field name 'nosuch'");
    expect(parse(['list-fields', true], ['iterations', 'x']).listFields).toBe(true);
    expect(error(['iterations', 'x'], ['list-fields', true])).toBe("bad iterations argument 'x'");
  });
  it('-u is the effective uid, -U any; numbers need no passwd entry; -p, -u, -U exclude each other', () => {
    expect(parse(['filter-only-euser', 'root']).user).toEqual({ uid: 0, any: false });
    expect(parse(['filter-any-user', '99999']).user).toEqual({ uid: 99999, any: true });
    expect(error(['filter-only-euser', ''])).toBe('-u argument missing');
    expect(error(['filter-only-euser', '0'], ['filter-any-user', '0'])).toBe('conflicting process selections (U/p/u)');
    expect(error(['pid', '1'], ['filter-any-user', '0'])).toBe('conflicting process selections (U/p/u)');
    expect(error(['filter-any-user', '0'], ['pid', '1'])).toBe('conflicting process selections (U/p/u)');
  });
  it('-o knows every top -O name, case-sensitively, and +/- for the direction', () => {
    for (const name of TOP_FIELD_NAMES) expect(topSortField(name), name).toBeDefined();
    expect(error(['sort-override', 'pid'])).toBe("unrecognized field name 'pid'");
    expect(parse(['sort-override', '-PID']).sort.desc).toBe(false);
    expect(parse(['sort-override', '+PID']).sort.desc).toBe(true);
  });
});

describe("top's task memory cells (scale_mem)", () => {
  it('from the -e unit on, the first that fits', () => {
    expect(topScaleKib(45132, 7)).toBe('45132');
    expect(topScaleKib(45132, 7, 1)).toBe('44.1m');
    expect(topScaleKib(45132, 6, 2)).toBe('0.0g');
    expect(topScaleKib(45132, 6, 4)).toBe('0.0p');
    expect(topScaleKib(123456789, 6)).toBe('117.7g');
    expect(topScaleKib(1e18, 6)).toBe('?');
    // printf rounds an exact half to even: 13568 KiB is 13.25 MiB, top prints 13.2m (13.75 goes up).
    expect(topScaleKib(13568, 6, 1)).toBe('13.2m');
    expect(topScaleKib(14080, 6, 1)).toBe('13.8m');
  });
});
