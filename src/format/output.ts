import fs from 'node:fs';

/**
 * Text output for one-shot and streaming commands. A closed pipe (`sysmon ps | head -1`) ends the process
 * quietly with status 0, as the classic tools do when SIGPIPE kills them.
 *
 * {@link out} writes to file descriptor 1 directly: building `process.stdout` (a stream, and net or tty behind
 * it) costs a one-shot ~2 ms, a tenth of its start. Once something has built `process.stdout` (a command that
 * reads `isTTY`, JSON output, blessed), or fd 1 would block (a non-blocking pipe), every write goes through
 * the stream, so output keeps its order.
 */
let installed = false;
/** The stream once built; from then on {@link out} writes through it. */
let stream: NodeJS.WriteStream | null = null;

function onStreamError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`sysmon: write error: ${err.message}\n`);
  process.exit(1);
}

function attach(s: NodeJS.WriteStream): void {
  stream = s;
  s.on('error', onStreamError);
}

/**
 * Make EPIPE on stdout a quiet exit. Called once by the CLI before any command runs. Without a stream to watch,
 * it hooks `process.stdout`'s lazy getter, so the stream gets the handler whenever and by whomever it is built.
 */
export function installPipeHandler(target?: NodeJS.WriteStream): void {
  if (installed) return;
  installed = true;
  const desc = Object.getOwnPropertyDescriptor(process, 'stdout');
  if (target !== undefined || !desc?.get || !desc.configurable) {
    attach(target ?? process.stdout);
    return;
  }
  const get = desc.get;
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: desc.enumerable ?? true,
    get(): NodeJS.WriteStream {
      const s = get.call(process) as NodeJS.WriteStream;
      if (stream === null) attach(s);
      return s;
    },
  });
}

/** Write all of `bytes` to fd 1; the rest goes to the stream if fd 1 would block. */
function writeFd(bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(1, bytes, off, bytes.length - off);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EAGAIN') {
        process.stdout.write(bytes.subarray(off));
        return;
      }
      onStreamError(e);
      return;
    }
  }
}

/** Write text to stdout. */
export function out(text: string): void {
  if (stream !== null) stream.write(text);
  else writeFd(Buffer.from(text, 'utf8'));
}

/**
 * Columns of the terminal stdout is, or 0 when it is not a terminal. A file, a pipe or /dev/null (the memory
 * devices, major 1) is told apart with one fstat, without building `process.stdout` (see {@link out}).
 */
export function terminalColumns(): number {
  try {
    const st = fs.fstatSync(1);
    if (!st.isCharacterDevice() || ((st.rdev >> 8) & 0xfff) === 1) return 0;
  } catch {
    return 0;
  }
  return process.stdout.isTTY ? process.stdout.columns || 0 : 0;
}

/** Write one JSON value on one line (NDJSON for streams). */
export function outJsonLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** Write a JSON document, indented as the classic tools' -J output is. */
export function outJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
