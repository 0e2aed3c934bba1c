import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bytes the output file may reach before it is emptied (some 200 blocks). */
const TRUNCATE_AT = 64 * 1024;

/**
 * An unlinked temporary file opened for appending: nvidia-smi's stdout, read back with pread(2) when a tick asks.
 * null when no temporary file can be made (then the output comes through a pipe).
 */
function anonymousAppendFile(): number | null {
  let dir: string | null = null;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-nvidia-smi-'));
    const file = path.join(dir, 'out');
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    fs.unlinkSync(file);
    return fd;
  } catch {
    return null;
  } finally {
    if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One long-lived `nvidia-smi --query-gpu=... --format=csv,noheader,nounits -lms N` child: it prints a block of
 * lines (one per GPU) every N ms, and the newest complete block is kept. Starting nvidia-smi costs 50-300 ms
 * and a full NVML initialisation, so one child for the life of a monitor is far cheaper than one a tick.
 * The executable is `nvidia-smi` on PATH, or SYSMON_NVIDIA_SMI (the tests' fake).
 *
 * Its stdout is an unlinked temporary file opened for appending, not a pipe: a pipe wakes the monitor for every
 * block (a second wake-up a tick, with a stream's work on top), while the file is read with one pread(2) when a
 * tick asks ({@link read}) and emptied with ftruncate(2) once it holds {@link TRUNCATE_AT} bytes. Appends land at
 * the end whatever the file's size, so after a truncation the next block starts the file again; a block written
 * between the last read and the truncation is lost, which only means the previous figures a tick longer.
 * Without a writable temporary directory the output comes through a pipe as before.
 */
export class NvidiaSmiChild {
  private child: ChildProcess | null = null;
  private pending = '';
  private block: string[] = [];
  private latest = '';
  private failed: string | null = null;
  /** The output file (null: a pipe), how far it was read, and a reused read buffer. */
  private fd: number | null = null;
  private offset = 0;
  private buf: Buffer | null = null;

  constructor(
    private readonly query: readonly string[],
    private readonly intervalMs: number,
    private readonly gpuCount: () => number,
    private readonly executable = process.env.SYSMON_NVIDIA_SMI ?? 'nvidia-smi',
    /** Bytes the output file may reach before it is emptied (tests make it small). */
    private readonly truncateAt = TRUNCATE_AT,
  ) {}

  /** True when the output comes through the temporary file (false: a pipe, or not started). */
  get throughFile(): boolean {
    return this.fd !== null;
  }

  /** Start the child once; later calls do nothing. */
  start(): void {
    if (this.child || this.failed) return;
    this.fd = anonymousAppendFile();
    const args = [`--query-gpu=${this.query.join(',')}`, '--format=csv,noheader,nounits', `-lms`, String(this.intervalMs)];
    let child: ChildProcess;
    try {
      child = spawn(this.executable, args, { stdio: ['ignore', this.fd ?? 'pipe', 'ignore'] });
    } catch (err) {
      this.failed = (err as Error).message;
      this.closeFile();
      return;
    }
    this.child = child;
    child.on('error', (err: NodeJS.ErrnoException) => {
      this.failed = err.code === 'ENOENT' ? `${this.executable} not found` : err.message;
      this.child = null;
    });
    child.on('exit', () => {
      this.child = null;
      this.failed ??= `${this.executable} exited`;
    });
    if (this.fd === null) {
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => this.feed(chunk));
      (child.stdout as unknown as { unref?: () => void }).unref?.();
    }
    // The monitor's exit must not wait for the child, and the child must not outlive it.
    child.unref();
    process.once('exit', () => child.kill());
  }

  /** What the child appended to the file since the last pull, fed line by line; the file emptied when large. */
  private pull(): void {
    if (this.fd === null) return;
    this.buf ??= Buffer.allocUnsafe(16 * 1024);
    let text = '';
    try {
      for (;;) {
        const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, this.offset);
        if (n === 0) break;
        this.offset += n;
        text += this.buf.toString('utf8', 0, n);
        if (n < this.buf.length) break;
      }
      if (this.offset >= this.truncateAt) {
        fs.ftruncateSync(this.fd, 0);
        this.offset = 0;
      }
    } catch (err) {
      this.failed ??= (err as Error).message;
      return;
    }
    if (text !== '') this.feed(text);
  }

  private feed(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    const n = Math.max(1, this.gpuCount());
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (line.trim() === '') continue;
      // A block is one line per GPU in index order: a line whose index is not above the one before starts a new
      // block, so lines lost at a truncation cannot mix two blocks for good.
      if (this.block.length > 0 && lineIndex(line) <= lineIndex(this.block[this.block.length - 1]!)) this.block = [];
      this.block.push(line);
      if (this.block.length >= n) {
        this.latest = this.block.join('\n');
        this.block = [];
      }
    }
  }

  /** The newest complete block of CSV lines ('' before the first), and why the child is not running. */
  read(): { text: string; error: string | null } {
    this.pull();
    return { text: this.latest, error: this.failed };
  }

  /** Wait until a first block arrived, the child failed, or `ms` passed. */
  async ready(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.read().text === '' && this.failed === null && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
    this.closeFile();
  }

  private closeFile(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
  }
}

/** The index field (first CSV column) of an nvidia-smi line, or -1. */
function lineIndex(line: string): number {
  const comma = line.indexOf(',');
  const v = Number(comma < 0 ? line : line.slice(0, comma));
  return Number.isInteger(v) ? v : -1;
}

/** Run nvidia-smi once with these arguments and return its stdout ('' when it fails). */
export function nvidiaSmiOnce(args: string[], executable = process.env.SYSMON_NVIDIA_SMI ?? 'nvidia-smi', timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    let child: ChildProcess;
    try {
      child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      resolve('');
      return;
    }
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (c: string) => (out += c));
    child.on('error', () => {
      clearTimeout(timer);
      resolve('');
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? out : '');
    });
  });
}
