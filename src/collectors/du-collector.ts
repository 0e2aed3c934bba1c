import type { ExcludeTest } from '../core/exclude-pattern.js';
import { walkEvents, type WalkStat } from '../source/tree-walk.js';

/**
 * Disk usage as coreutils du computes it: allocated blocks (st_blocks * 512) or, with apparent sizes, st_size;
 * a directory's size includes its own inode and everything under it; a file with several hard links is
 * counted once (the first path the walk meets); with more than one start path, directories are counted once
 * too; symlinks are never followed; with `xdev`, entries on another filesystem than their start path are left
 * out entirely.
 */

/** du's options that change what is counted and reported. */
export interface DuOptions {
  /** -a: report files too, not only directories. */
  all: boolean;
  /** -d N (-s is 0): report entries at most this deep; null for any depth. */
  maxDepth: number | null;
  /** -x: stay on each start path's filesystem. */
  xdev: boolean;
  /** --apparent-size / -b: st_size instead of allocated blocks. */
  apparent: boolean;
  /** --inodes: count inodes (each file and directory 1, hard links once) instead of sizes. */
  inodes?: boolean;
  /** --exclude: paths it matches are left out, a directory with all below it (a start path too). */
  exclude?: ExcludeTest | null;
}

/** One line du prints: a path and its size in bytes. */
export interface DuEntry {
  path: string;
  bytes: number;
  isDir: boolean;
  depth: number;
}

/** Handlers for du's output: each line as soon as it is known (post-order), and each error. */
export interface DuSink {
  entry(e: DuEntry): void;
  /**
   * A problem du reports on stderr (`cannot read directory 'x': Permission denied`): `what` failed on `path`
   * with errno `code`; the command words and quotes it.
   */
  error(what: 'read' | 'access', path: string, code: string): void;
  /**
   * Asked every few thousand steps: a promise pauses the walk until it settles (a slow reader of the output),
   * a throw ends it (the reader is gone).
   */
  pause?(): Promise<void> | void;
}

/** Run du over start paths. Resolves to the size of each start path, bytes (null when it could not be accessed). */
export async function collectDu(paths: string[], opts: DuOptions, sink: DuSink): Promise<Array<number | null>> {
  const seen = new Set<string>();
  const hashDirs = paths.length > 1;
  const results: Array<number | null> = [];
  const sizeOf = (st: WalkStat): number => (opts.inodes ? 1 : opts.apparent ? st.size : st.allocated);
  const excluded = opts.exclude ?? ((): boolean => false);
  const shown = (depth: number): boolean => opts.maxDepth === null || depth <= opts.maxDepth;
  let steps = 0;

  for (const start of paths) {
    // Sums of the directories being walked, innermost last.
    const stack: number[] = [];
    let rootDev = -1;
    let result: number | null = null;
    const firstTime = (st: WalkStat): boolean => {
      if (!(st.isDir ? hashDirs : st.nlink > 1)) return true;
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const enter = (path: string, st: WalkStat, depth: number): boolean => {
      if (depth === 0) rootDev = st.dev;
      else if (opts.xdev && st.dev !== rootDev) return false;
      if (excluded(path)) return false;
      if (!firstTime(st)) {
        if (depth === 0) result = 0;
        return false;
      }
      stack.push(sizeOf(st));
      return true;
    };
    for (const e of walkEvents(start, enter)) {
      if (sink.pause && (++steps & 4095) === 0) await sink.pause();
      if (e.kind === 'file') {
        const { path, st, depth } = e;
        if (depth === 0) rootDev = st.dev;
        else if (opts.xdev && st.dev !== rootDev) continue;
        if (excluded(path)) continue;
        if (!firstTime(st)) {
          if (depth === 0) result = 0;
          continue;
        }
        const bytes = sizeOf(st);
        if (depth === 0) {
          result = bytes;
          sink.entry({ path, bytes, isDir: false, depth });
          continue;
        }
        stack[stack.length - 1]! += bytes;
        if (opts.all && shown(depth)) sink.entry({ path, bytes, isDir: false, depth });
      } else if (e.kind === 'leave') {
        const bytes = stack.pop()!;
        if (stack.length > 0) stack[stack.length - 1]! += bytes;
        else result = bytes;
        if (shown(e.depth)) sink.entry({ path: e.path, bytes, isDir: true, depth: e.depth });
      } else if (e.kind === 'error') {
        sink.error(e.what, e.path, e.code);
      }
    }
    results.push(result);
  }
  return results;
}
