import type { Command } from 'commander';
import { ProcFs } from '../source/proc-fs.js';
import { resolveRoot } from '../source/root.js';

/** The root every command reads from: hidden global `--root DIR`, else SYSMON_ROOT, else `/`. */
export function procFsFor(cmd: Command): ProcFs {
  const root = cmd.optsWithGlobals<{ root?: string }>().root;
  const fs = new ProcFs(resolveRoot(root));
  fs.assertAvailable();
  return fs;
}

/**
 * The root for the portable backend: the same as {@link procFsFor} without requiring /proc (there may be none);
 * what it still reads (/etc/passwd, /etc/group for ps's selections) is read where present.
 */
export function portableFsFor(cmd: Command): ProcFs {
  return new ProcFs(resolveRoot(cmd.optsWithGlobals<{ root?: string }>().root));
}

/** Help text block listing examples, appended after a command's options. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
