/**
 * Errors a user can cause. The CLI turns them into one line on stderr and an exit code:
 * {@link UsageError} exits 2 (bad command line), {@link RuntimeError} exits 1 (the machine said no).
 * Anything else is a bug and is reported as one line too, with exit 1.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure of the environment (no /proc, unreadable file the command cannot do without). Exit code 1. */
export class RuntimeError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/**
 * An error of a drop-in command that must exit with its real tool's status (ps and free exit 1 on a usage
 * error, lsblk 32 when no device was found). The message is printed after the tool's `name: ` prefix.
 */
export class ToolError extends Error {
  constructor(
    message: string,
    /** The process exit status, 0-255 (0: top's getopt errors, which top reports and then exits 0). */
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}
