import fs from 'node:fs';
import { devMajorMinor } from '../core/devno.js';
import { stringifyJson } from './escape.js';
import { ByteLines } from './byte-lines.js';

/**
 * Text output for one-shot and streaming commands. A closed pipe (`sysmon ps | head -1`) ends the process
 * quietly with status 0, as the classic tools do when SIGPIPE kills them; any other write error (a full disk,
 * a closed descriptor) is one line `sysmon: write error: <strerror>` and exit 1, as procps does.
 *
 * {@link out} writes to file descriptor 1 directly: building `process.stdout` (a stream, and net or tty behind
 * it) costs a one-shot ~2 ms, a tenth of its start. Once something has built `process.stdout` (a command that
 * reads `isTTY`, JSON output, blessed), or fd 1 would block (a non-blocking pipe), every write goes through
 * the stream, so output keeps its order.
 */
let installed = false;
/** The stream once built; from then on {@link out} writes through it. */
let stream: NodeJS.WriteStream | null = null;
let takeover: ((err: NodeJS.ErrnoException) => void) | null = null;
let describe: (code: string) => string = (code) => code;
let fdClosed = false;
let onBuilt: ((s: NodeJS.WriteStream) => void) | null = null;

/**
 * Let a full-screen command (the dashboard) handle stdout write errors itself: on a terminal that went away
 * they mean "leave quietly", not "report a write error".
 */
export function handleStdoutErrors(fn: ((err: NodeJS.ErrnoException) => void) | null): void {
  takeover = fn;
}

function onStreamError(err: NodeJS.ErrnoException): void {
  if (takeover !== null) {
    takeover(err);
    return;
  }
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`sysmon: write error: ${err.code !== undefined ? describe(err.code) : err.message}\n`);
  process.exit(1);
}

function attach(s: NodeJS.WriteStream): void {
  stream = s;
  onBuilt?.(s);
  s.on('error', onStreamError);
}

/** How the CLI sets output up (once, before any command runs). */
export interface PipeHandlerOptions {
  /** The stream to watch now (tests); otherwise process.stdout whenever it gets built. */
  stream?: NodeJS.WriteStream;
  /** errno code -> strerror text ("No space left on device"). */
  describe?: (code: string) => string;
  /** fd 1 was closed when sysmon started (Node put /dev/null there): every write fails with EBADF. */
  stdoutClosed?: boolean;
  /** Called with process.stdout when it is built (to make it finish short writes to files). */
  onStreamBuilt?: (s: NodeJS.WriteStream) => void;
}

/**
 * Install the write-error rules. Without a stream to watch, it hooks `process.stdout`'s lazy getter, so the
 * stream gets the handler whenever and by whomever it is built.
 */
export function installPipeHandler(opts: PipeHandlerOptions = {}): void {
  if (installed) return;
  installed = true;
  if (opts.describe) describe = opts.describe;
  fdClosed = opts.stdoutClosed ?? false;
  onBuilt = opts.onStreamBuilt ?? null;
  const desc = Object.getOwnPropertyDescriptor(process, 'stdout');
  if (opts.stream !== undefined || !desc?.get || !desc.configurable) {
    attach(opts.stream ?? process.stdout);
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

function ebadf(): NodeJS.ErrnoException {
  return Object.assign(new Error('EBADF: bad file descriptor, write'), { code: 'EBADF', errno: -9, syscall: 'write' });
}

/** Write all of `bytes` to fd 1 (a short write is continued, so a full disk fails the next part); the rest goes to the stream if fd 1 would block. */
function writeFd(bytes: Buffer): void {
  if (fdClosed) {
    onStreamError(ebadf());
    return;
  }
  let off = 0;
  while (off < bytes.length) {
    try {
      off += fs.writeSync(1, bytes, off, bytes.length - off);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EAGAIN') {
        // A copy: the stream may hold it past this call, and callers of outBytes reuse their buffer.
        process.stdout.write(Buffer.from(bytes.subarray(off)));
        return;
      }
      onStreamError(e);
      return;
    }
  }
}

/**
 * Send {@link out} through this stream from now on (null: back to fd 1). For code that runs a command inside
 * another process and captures what it prints (the live ps tests call psMain in the test process).
 */
export function captureOutput(s: NodeJS.WriteStream | null): void {
  stream = s;
}

/** Write text to stdout. */
export function out(text: string): void {
  if (stream !== null) stream.write(text);
  else writeFd(Buffer.from(text, 'utf8'));
}

/** Write bytes to stdout; the caller may reuse `bytes` once this returns (a stream gets a copy). */
export function outBytes(bytes: Buffer): void {
  if (stream !== null) stream.write(Buffer.from(bytes));
  else writeFd(bytes);
}

/**
 * Lines gathered as UTF-8 bytes in one growing buffer and written with one {@link out}-like write at the end:
 * thousands of lines kept as strings until then (ropes of their cells) would be copied by every young-generation
 * collection in between; bytes outside the JavaScript heap are not.
 */
export class OutputLines {
  private buf = new ByteLines();
  private count = 0;

  /** Append one line; a newline goes before every line but the first. */
  line(text: string): void {
    if (this.count++ > 0) this.buf.byte(10);
    this.buf.text(text);
  }

  /** Lines appended so far. */
  get lines(): number {
    return this.count;
  }

  /** Write everything, a newline after the last line (nothing when there is no line). */
  flush(): void {
    if (this.count === 0) return;
    this.buf.byte(10);
    const bytes = this.buf.view();
    // A stream (or fd 1 that would block) may still hold these bytes after the call: never write into them again.
    this.buf = new ByteLines(4096);
    this.count = 0;
    if (stream !== null) stream.write(bytes);
    else writeFd(bytes);
  }
}

/**
 * Columns of the terminal stdout is, or 0 when it is not a terminal. A file, a pipe or /dev/null (the memory
 * devices, major 1) is told apart with one fstat, without building `process.stdout` (see {@link out}).
 */
export function terminalColumns(): number {
  return mayBeTerminal(1) && process.stdout.isTTY ? process.stdout.columns || 0 : 0;
}

/**
 * False when descriptor `fd` is certainly no terminal: not open, a file, a pipe, a socket, or one of the
 * memory devices (major 1: /dev/null, /dev/zero). One fstat, without building `process.stdout` or
 * `process.stderr` (~2.5 ms each); when true, the stream's `isTTY` decides.
 */
export function mayBeTerminal(fd: 1 | 2): boolean {
  try {
    const st = fs.fstatSync(fd);
    return st.isCharacterDevice() && devMajorMinor(st.rdev)[0] !== 1;
  } catch {
    return false;
  }
}

/** Write one JSON value on one line (NDJSON for streams). */
export function outJsonLine(value: unknown): void {
  out(stringifyJson(value) + '\n');
}

/** Write a JSON document, indented as the classic tools' -J output is. */
export function outJson(value: unknown): void {
  out(stringifyJson(value, 2) + '\n');
}
