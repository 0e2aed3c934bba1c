import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linuxProcessCommandLength } from '../../src/source/portable/portable-source.js';

// systeminformation's processes() on Linux runs one `sh -c` with a `cat /proc/PID/stat` for every process;
// the portable backend refuses up front where the kernel would refuse that exec (E2BIG inside a callback of
// systeminformation's, which would end sysmon with a stack trace).
function siCommand(pids: number[]): string {
  return 'cat /proc/stat | grep "cpu "' + pids.map((p) => `;cat /proc/${p}/stat`).join('');
}

describe('the portable backend on Linux and many processes', () => {
  it('measures the command systeminformation builds', () => {
    for (const pids of [[], [1], [1, 22, 333, 4444, 55555, 4194304]]) {
      expect(linuxProcessCommandLength(pids)).toBe(siCommand(pids).length);
    }
  });

  it.runIf(process.platform === 'linux')('past 128 KiB the kernel refuses such a command, below it runs it', () => {
    const many = (n: number): number[] => Array.from({ length: n }, (_, i) => 100000 + i);
    // 22 bytes a pid: 5,957 pids make 131,080 bytes; 5,900 make 129,826.
    const over = many(5957);
    const under = many(5900);
    expect(linuxProcessCommandLength(over)).toBeGreaterThan(131072);
    expect(linuxProcessCommandLength(under)).toBeLessThan(131072);
    // The same length handed to sh -c, quoted so that it only runs `:`.
    const run = (pids: number[]) => spawnSync('sh', ['-c', `: '${siCommand(pids).slice(4)}'`]);
    expect((run(over).error as NodeJS.ErrnoException | undefined)?.code).toBe('E2BIG');
    expect(run(under).status).toBe(0);
  });
});
