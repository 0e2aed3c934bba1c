import type { FsUsage } from '../core/filesystem.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Source } from '../fields/registry.js';
import { PortableSnapshotCollector, portableFilesystems, portableNetwork } from './portable-snapshot-collector.js';
import type { SnapshotExtension } from './snapshot-collector.js';

/** Options of {@link PortableTickSource}. */
export interface PortableTickOptions {
  /** Fill snapshot.filesystems (systeminformation's fsSize(), which runs df). */
  filesystems?: boolean;
  /** Read the filesystems at most this often, milliseconds (df is a child process); default 10,000. */
  filesystemsEveryMs?: number;
}

/**
 * The long-running commands' tick source on the portable backend (serve, the dashboard): what
 * SnapshotCollector is on /proc, with the same extension hook, from systeminformation, pidusage and os.
 * Network counters come from systeminformation's networkStats(). Families it has no source for (per-device disk
 * counters, pressure, containers) stay absent, so their panels and metric families are left out rather than
 * shown as zero.
 */
export class PortableTickSource {
  private readonly collector = new PortableSnapshotCollector({ processes: true });
  private readonly extensions: SnapshotExtension[] = [];
  private fs: { at: number; list: FsUsage[] } | null = null;

  constructor(private readonly opts: PortableTickOptions = {}) {}

  /** Process files are a /proc notion: every reading lists the processes with what the backend has. */
  setProcessNeeds(_needs: ReadonlySet<Source> | false): void {}

  addExtension(ext: SnapshotExtension): void {
    this.extensions.push(ext);
  }

  close(): void {}

  async tick(): Promise<Snapshot> {
    const [snapshot, filesystems, network] = await Promise.all([
      this.collector.tick(),
      this.filesystems(),
      portableNetwork().catch((): null => null),
    ]);
    if (filesystems) snapshot.filesystems = filesystems;
    if (network) snapshot.network = network;
    for (const ext of this.extensions) await ext.collect(snapshot);
    return snapshot;
  }

  private async filesystems(): Promise<FsUsage[] | null> {
    if (!this.opts.filesystems) return null;
    const now = Date.now();
    if (this.fs === null || now - this.fs.at >= (this.opts.filesystemsEveryMs ?? 10_000)) {
      this.fs = { at: now, list: await portableFilesystems().catch((): FsUsage[] => this.fs?.list ?? []) };
    }
    return this.fs.list;
  }
}
