/**
 * /proc/PID/cmdline (proc(5)): arguments separated (and usually ended) by NUL bytes. Kernel threads and
 * zombies have an empty file -> []. Trailing empty strings (the final NUL, or the NUL padding a process leaves
 * after rewriting its argv in place) are dropped.
 */
export function parseProcPidCmdline(text: string): string[] {
  if (text.length === 0) return [];
  const args = text.split('\0');
  while (args.length > 0 && args[args.length - 1] === '') args.pop();
  return args;
}
