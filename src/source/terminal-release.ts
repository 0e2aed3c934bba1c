import fs from 'node:fs';
import tty from 'node:tty';

/**
 * Leaving after the terminal went away (a closed tmux session, an ssh drop). Node restores the terminal modes
 * of its standard descriptors at exit and aborts (SIGABRT, a native assertion in ResetStdio) when that fails,
 * which it does on a hung-up terminal. Node skips a descriptor that no longer is the file it started with, so
 * the descriptors still on the dead terminal are reopened on /dev/null first: the exit is then quiet.
 */

/** True when fd was a terminal and no longer answers as one (hung up: its ioctls fail with EIO). */
export function terminalGone(fds: readonly number[] = [0, 1]): boolean {
  return fds.some((fd) => !tty.isatty(fd));
}

function onTerminal(fd: number): boolean {
  try {
    const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    return target.startsWith('/dev/pts/') || target.startsWith('/dev/tty') || target === '/dev/console' || tty.isatty(fd);
  } catch {
    return false;
  }
}

/** Point fds 0-2 that are still on a terminal at /dev/null, so the exit does not touch the dead terminal. */
export function releaseTerminal(): void {
  for (const fd of [0, 1, 2]) {
    if (!onTerminal(fd)) continue;
    try {
      fs.closeSync(fd);
      // The lowest free descriptor is the one just closed.
      const got = fs.openSync('/dev/null', fd === 0 ? 'r' : 'w');
      if (got !== fd) fs.closeSync(got);
    } catch {
      // Nothing more can be done for this descriptor; the others still matter.
    }
  }
}
