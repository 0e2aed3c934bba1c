import type { SizeStyle } from '../../core/size-units.js';
import { formatSize } from '../../core/size-units.js';
import { collectDu, type DuEntry, type DuOptions } from '../../collectors/du-collector.js';
import { escapeForTerminal } from '../../format/escape.js';
import { outJson } from '../../format/output.js';
import { errnoMessage } from '../../source/paths.js';

/** Parsed `sysmon du` options. */
export interface DuCliOptions extends DuOptions {
  sizes: SizeStyle;
  /** -c: a grand total line. */
  total: boolean;
  json: boolean;
  paths: string[];
}

/** Thrown to end the walk when stdout is gone (`sysmon du -a / | head`). */
class ReaderGone extends Error {}

/** Run du: lines stream to stdout in chunks; returns the exit code (1 when anything could not be read). */
export async function runDu(o: DuCliOptions): Promise<number> {
  try {
    return await runDuInner(o);
  } catch (err) {
    // The pipe handler ends the process quietly once the EPIPE error is delivered.
    if (err instanceof ReaderGone) return 0;
    throw err;
  }
}

async function runDuInner(o: DuCliOptions): Promise<number> {
  let exitCode = 0;
  let buf = '';
  const flush = (): void => {
    if (buf.length > 0) process.stdout.write(buf);
    buf = '';
    if (process.stdout.destroyed) throw new ReaderGone();
  };
  const entries: DuEntry[] = [];
  const sizes = await collectDu(o.paths, o, {
    // A slow or closed reader: wait for the pipe to drain (bounded memory), stop when it is gone.
    async pause() {
      flush();
      if (process.stdout.writableLength > 1 << 20) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            process.stdout.off('drain', done);
            process.stdout.off('close', done);
            resolve();
          };
          process.stdout.once('drain', done);
          process.stdout.once('close', done);
        });
      }
      if (process.stdout.destroyed) throw new ReaderGone();
    },
    entry(e) {
      if (o.json) {
        entries.push(e);
        return;
      }
      // A tab after the size; a name's control characters as `?` (no raw escape reaches a terminal).
      buf += `${formatSize(e.bytes, o.sizes)}\t${escapeForTerminal(e.path)}\n`;
      if (buf.length > 65536) flush();
    },
    error(message, _path, code) {
      flush();
      process.stderr.write(`sysmon: du: ${escapeForTerminal(message)}: ${errnoMessage(code)}\n`);
      exitCode = 1;
    },
  });
  const total = sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
  if (o.json) {
    outJson({
      apparent: o.apparent,
      entries: entries.map((e) => ({ path: e.path, size: e.bytes, type: e.isDir ? 'directory' : 'file', depth: e.depth })),
      total,
    });
    return exitCode;
  }
  if (o.total) buf += `${formatSize(total, o.sizes)}\ttotal\n`;
  flush();
  return exitCode;
}
