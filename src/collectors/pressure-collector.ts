import type { Snapshot } from '../core/snapshot.js';
import { parsePressure } from '../parsers/pressure.js';
import { KeptFiles } from '../source/kept-files.js';
import type { ProcFs } from '../source/proc-fs.js';
import type { SnapshotExtension } from './snapshot-collector.js';

/**
 * Fills `snapshot.pressure` from /proc/pressure (three small reads, the files kept open); absent when the
 * kernel has no PSI.
 */
export class PressureCollector implements SnapshotExtension {
  readonly name = 'pressure';
  private readonly files: KeptFiles;

  constructor(fs: ProcFs) {
    this.files = new KeptFiles(fs);
  }

  close(): void {
    this.files.close();
  }

  collect(snapshot: Snapshot): void {
    const read = (r: string) => {
      const t = this.files.readText(`/proc/pressure/${r}`);
      return t === null ? null : parsePressure(t);
    };
    const p = { cpu: read('cpu'), memory: read('memory'), io: read('io') };
    if (p.cpu || p.memory || p.io) snapshot.pressure = p;
    else delete snapshot.pressure;
  }
}
