import { execFileSync } from 'node:child_process';

/** True when `cmd` is on PATH (the real tools a live test compares with). */
export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when this test may make private mount namespaces (root, and unshare(1) works here). */
export function canUnshareMounts(): boolean {
  if (process.getuid?.() !== 0 || !hasCommand('unshare')) return false;
  try {
    execFileSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
