import type { SnapshotExtension } from './snapshot-collector.js';
import type { ProcFs } from '../source/proc-fs.js';
import { ContainerCollector, type ContainerCollectOptions } from './container-collector.js';

/**
 * The containers family of a snapshot (`snapshot.containers`), for the exporter and the dashboard: one
 * container collector kept across ticks, so CPU % and throttling are rates since the previous tick.
 */
export function containerExtension(procFs: ProcFs, opts: ContainerCollectOptions = {}): SnapshotExtension {
  const collector = new ContainerCollector(procFs);
  return {
    name: 'containers',
    collect(snapshot) {
      snapshot.containers = collector.collect(opts);
    },
  };
}
