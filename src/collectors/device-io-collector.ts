import type { Snapshot } from '../core/snapshot.js';
import { parseDiskstats } from '../parsers/diskstats.js';
import { parseNetDev } from '../parsers/net-dev.js';
import { KeptFiles } from '../source/kept-files.js';
import type { ProcFs } from '../source/proc-fs.js';
import type { SnapshotExtension } from './snapshot-collector.js';

/**
 * Block-device and network-interface counters: /proc/diskstats and /proc/net/dev (of sysmon's network
 * namespace), two cheap single reads (kept open: one pread each a tick). As a {@link SnapshotExtension} it fills `snapshot.disks` and
 * `snapshot.network`; a missing or unreadable file (some containers hide diskstats) leaves its field absent.
 */
export class DeviceIoCollector implements SnapshotExtension {
  readonly name = 'device-io';

  private readonly files: KeptFiles;

  constructor(fs: ProcFs) {
    this.files = new KeptFiles(fs);
  }

  close(): void {
    this.files.close();
  }

  collect(snapshot: Snapshot): void {
    const disks = this.files.readText('/proc/diskstats');
    const net = this.files.readText('/proc/net/dev');
    if (disks !== null) snapshot.disks = parseDiskstats(disks);
    else delete snapshot.disks;
    if (net !== null) snapshot.network = parseNetDev(net);
    else delete snapshot.network;
  }
}
