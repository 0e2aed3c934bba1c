import type { Snapshot } from '../core/snapshot.js';
import type { Pressure } from '../core/system.js';
import { parsePressure } from '../parsers/pressure.js';
import type { ProcFs } from '../source/proc-fs.js';
import type { SnapshotExtension } from './snapshot-collector.js';

/**
 * PSI: /proc/pressure/cpu, memory and io (three small reads). Kernels without PSI (before 4.20, or booted with
 * psi=0) have no such files and the snapshot gets no `pressure`.
 */
export class PressureCollector implements SnapshotExtension {
  readonly name = 'pressure';

  constructor(private readonly fs: ProcFs) {}

  collect(snapshot: Snapshot): void {
    const p: Pressure = {};
    for (const res of ['cpu', 'memory', 'io'] as const) {
      const text = this.fs.readText(`/proc/pressure/${res}`);
      const parsed = text === null ? null : parsePressure(text);
      if (parsed) p[res] = parsed;
    }
    if (p.cpu || p.memory || p.io) snapshot.pressure = p;
    else delete snapshot.pressure;
  }
}
