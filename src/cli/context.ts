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

/** Help text block listing examples, appended after a command's options. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
