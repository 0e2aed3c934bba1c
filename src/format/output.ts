import { stringifyJson } from './escape.js';

/**
 * Text output for one-shot and streaming commands. A closed pipe (`sysmon ps | head -1`) ends the process
 * quietly with status 0, as the classic tools do when SIGPIPE kills them.
 */
let installed = false;
let takeover: ((err: NodeJS.ErrnoException) => void) | null = null;

/**
 * Let a full-screen command (the dashboard) handle stdout write errors itself: on a terminal that went away
 * they mean "leave quietly", not "report a write error".
 */
export function handleStdoutErrors(fn: ((err: NodeJS.ErrnoException) => void) | null): void {
  takeover = fn;
}

/**
 * Make EPIPE on stdout a quiet exit, and any other write error (a full disk, a closed descriptor) one line
 * `sysmon: write error: <strerror>` and exit 1, as procps does. `describe` turns an errno code into its
 * strerror text. Called once by the CLI before any command runs.
 */
export function installPipeHandler(
  stream: NodeJS.WriteStream = process.stdout,
  describe: (code: string) => string = (code) => code,
): void {
  if (installed) return;
  installed = true;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (takeover !== null) return takeover(err);
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`sysmon: write error: ${err.code !== undefined ? describe(err.code) : err.message}\n`);
    process.exit(1);
  });
}

/** Write text to stdout. */
export function out(text: string): void {
  process.stdout.write(text);
}

/** Write one JSON value on one line (NDJSON for streams). */
export function outJsonLine(value: unknown): void {
  process.stdout.write(stringifyJson(value) + '\n');
}

/** Write a JSON document, indented as the classic tools' -J output is. */
export function outJson(value: unknown): void {
  process.stdout.write(stringifyJson(value, 2) + '\n');
}
