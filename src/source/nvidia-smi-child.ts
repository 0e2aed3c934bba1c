import { spawn, type ChildProcess } from 'node:child_process';

/**
 * One long-lived `nvidia-smi --query-gpu=... --format=csv,noheader,nounits -lms N` child: it prints a block of
 * lines (one per GPU) every N ms, and the newest complete block is kept. Starting nvidia-smi costs 50-300 ms
 * and a full NVML initialisation, so one child for the life of a monitor is far cheaper than one a tick.
 * The executable is `nvidia-smi` on PATH, or SYSMON_NVIDIA_SMI (the tests' fake).
 */
export class NvidiaSmiChild {
  private child: ChildProcess | null = null;
  private pending = '';
  private block: string[] = [];
  private latest = '';
  private failed: string | null = null;

  constructor(
    private readonly query: readonly string[],
    private readonly intervalMs: number,
    private readonly gpuCount: () => number,
    private readonly executable = process.env.SYSMON_NVIDIA_SMI ?? 'nvidia-smi',
  ) {}

  /** Start the child once; later calls do nothing. */
  start(): void {
    if (this.child || this.failed) return;
    const child = spawn(this.executable, [`--query-gpu=${this.query.join(',')}`, '--format=csv,noheader,nounits', `-lms`, String(this.intervalMs)], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    child.on('error', (err: NodeJS.ErrnoException) => {
      this.failed = err.code === 'ENOENT' ? `${this.executable} not found` : err.message;
      this.child = null;
    });
    child.on('exit', () => {
      this.child = null;
      this.failed ??= `${this.executable} exited`;
    });
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => this.feed(chunk));
    // The monitor's exit must not wait for the child, and the child must not outlive it.
    child.unref();
    process.once('exit', () => child.kill());
    (child.stdout as unknown as { unref?: () => void }).unref?.();
  }

  private feed(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (line.trim() === '') continue;
      this.block.push(line);
      // A block ends when it has one line per GPU (the first index seen again also starts a new block).
      const n = Math.max(1, this.gpuCount());
      if (this.block.length >= n) {
        this.latest = this.block.join('\n');
        this.block = [];
      }
    }
  }

  /** The newest complete block of CSV lines ('' before the first), and why the child is not running. */
  read(): { text: string; error: string | null } {
    return { text: this.latest, error: this.failed };
  }

  /** Wait until a first block arrived, the child failed, or `ms` passed. */
  async ready(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.latest === '' && this.failed === null && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }
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
