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
