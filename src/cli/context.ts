import { ProcFs } from '../source/proc-fs.js';
import { resolveRoot } from '../source/root.js';

/**
 * What a command's run reads of its command: the program's options (`--root`, `--backend`). A commander
 * Command is one; a command line read without commander (src/cli/option-spec.ts) has none.
 */
export interface CommandContext {
  optsWithGlobals<T extends object>(): T;
}

/** The root every command reads from: hidden global `--root DIR`, else SYSMON_ROOT, else `/`. */
export function procFsFor(cmd: CommandContext): ProcFs {
  const root = cmd.optsWithGlobals<{ root?: string }>().root;
  const fs = new ProcFs(resolveRoot(root));
  fs.assertAvailable();
  return fs;
}

/**
 * The root for the portable backend: the same as {@link procFsFor} without requiring /proc (there may be none);
 * what it still reads (/etc/passwd, /etc/group for ps's selections) is read where present.
 */
export function portableFsFor(cmd: CommandContext): ProcFs {
  return new ProcFs(resolveRoot(cmd.optsWithGlobals<{ root?: string }>().root));
}

/** Help text block listing examples, appended after a command's options. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
