import { describe, expect, it } from 'vitest';
import { parseProcPidStatusExtra } from '../../src/parsers/proc-pid-status-extra.js';

describe('parseProcPidStatusExtra', () => {
  it('reads state words, VmSwap and context switches', () => {
    const text = 'Name:\tsleep\nState:\tS (sleeping)\nVmRSS:\t    1724 kB\nVmSwap:\t      12 kB\nThreads:\t1\nvoluntary_ctxt_switches:\t1234\nnonvoluntary_ctxt_switches:\t5\n';
    expect(parseProcPidStatusExtra(text)).toEqual({ stateName: 'sleeping', vmSwap: 12 * 1024, voluntaryCtxtSwitches: 1234, nonvoluntaryCtxtSwitches: 5 });
  });

  it('is not fooled by a Name line that looks like another key', () => {
    // The name is one line, but a process may call itself "VmSwap: 9 kB".
    const text = 'Name:\tVmSwap: 9 kB\nState:\tI (idle)\n';
    expect(parseProcPidStatusExtra(text)).toEqual({ stateName: 'idle', vmSwap: null, voluntaryCtxtSwitches: null, nonvoluntaryCtxtSwitches: null });
  });

  it('reads tracing stop and zombie states', () => {
    expect(parseProcPidStatusExtra('State:\tt (tracing stop)\n').stateName).toBe('tracing stop');
    expect(parseProcPidStatusExtra('State:\tZ (zombie)').stateName).toBe('zombie');
  });

  it('returns nulls for empty text', () => {
    expect(parseProcPidStatusExtra('')).toEqual({ stateName: null, vmSwap: null, voluntaryCtxtSwitches: null, nonvoluntaryCtxtSwitches: null });
  });
});
