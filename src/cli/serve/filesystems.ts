import { readMounts, statfsMounts } from '../../collectors/filesystem-collector.js';
import type { SnapshotExtension } from '../../collectors/snapshot-collector.js';
import { isExportedMount } from '../../export/exclusions.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { statfsSourceFor } from '../../source/statfs.js';

/**
 * Time limit of one statfs for the exporter, milliseconds. Shorter than df's: a scrape is waiting, and a mount
 * that does not answer is reported as `node_filesystem_device_error 1` rather than holding up the others.
 */
export const SERVE_STATFS_TIMEOUT_MS = 1000;

/**
 * The filesystems family as node_exporter collects it: every mount of mountinfo not excluded by its default
 * mount-point and type patterns (no df-style de-duplication), statfs'd with a time limit. A mount whose statfs
 * failed or timed out comes back stale.
 */
export function filesystemExtension(fs: ProcFs, timeoutMs = SERVE_STATFS_TIMEOUT_MS): SnapshotExtension {
  const source = statfsSourceFor(fs.root);
  return {
    name: 'filesystems',
    async collect(snapshot) {
      const mounts = readMounts(fs).filter(isExportedMount);
      snapshot.filesystems = await statfsMounts(mounts, source, timeoutMs);
    },
  };
}
