import type { DrmCardFiles, GpuSample } from '../core/gpu.js';
import { drmCardSample } from '../parsers/drm-gpu.js';
import { NVIDIA_APPS_QUERY, NVIDIA_GPU_QUERY, parseNvidiaAppsCsv, parseNvidiaGpuCsv } from '../parsers/nvidia-smi.js';
import { DrmCardReader, nvidiaAwake } from '../source/drm-gpu-files.js';
import { NvidiaSmiChild, nvidiaSmiOnce } from '../source/nvidia-smi-child.js';

const isNvidiaVendor = (vendorId: string): boolean => vendorId === '0x10de';

/** What a {@link GpuCollector} reads. */
export interface GpuCollectorOptions {
  /** The system root (fixture trees in tests). */
  root: string;
  /** Refresh period of the nvidia-smi loop, milliseconds. */
  intervalMs: number;
  /** Ask nvidia-smi for per-process memory at init (one extra nvidia-smi run). */
  processes?: boolean;
}

/**
 * Every GPU: AMD and Intel from /sys/class/drm (a suspended card is shown asleep, never read), NVIDIA from
 * nvidia-smi — once at init, then, for monitors, from one long-lived `-lms` child. NVIDIA's DRM cards are
 * left to nvidia-smi so no GPU is listed twice; without nvidia-smi they still show, with their figures null.
 */
export class GpuCollector {
  private nvidia: GpuSample[] = [];
  private child: NvidiaSmiChild | null = null;
  private nvidiaError: string | null = null;
  private hasNvidia = false;
  private readonly drm: DrmCardReader;
  /** The nvidia-smi block last parsed: the loop prints once a period, a tick may come more often. */
  private parsedText = '';
  private last: GpuSample[] | null = null;
  private readonly drmPrev = new Map<number, { files: DrmCardFiles; sample: GpuSample }>();

  constructor(private readonly opts: GpuCollectorOptions) {
    this.drm = new DrmCardReader(opts.root);
  }

  /** Probe once. Starts nothing that lives on. */
  async init(): Promise<void> {
    const nv = nvidiaAwake(this.opts.root);
    if (!nv.present || !nv.awake) return;
    const text = await nvidiaSmiOnce([`--query-gpu=${NVIDIA_GPU_QUERY.join(',')}`, '--format=csv,noheader,nounits']);
    this.nvidia = parseNvidiaGpuCsv(text);
    this.hasNvidia = this.nvidia.length > 0;
    if (!this.hasNvidia) {
      this.nvidiaError = 'nvidia-smi did not answer';
      return;
    }
    if (this.opts.processes) {
      const apps = parseNvidiaAppsCsv(
        await nvidiaSmiOnce([`--query-compute-apps=${NVIDIA_APPS_QUERY.join(',')}`, '--format=csv,noheader,nounits']),
      );
      for (const g of this.nvidia) g.processes = (g.uuid && apps.get(g.uuid)) || [];
    }
  }

  /** Keep NVIDIA figures fresh from a long-lived nvidia-smi loop (dashboard, serve, `gpu -s`). */
  startStreaming(): void {
    if (!this.hasNvidia || this.child) return;
    this.child = new NvidiaSmiChild(NVIDIA_GPU_QUERY, this.opts.intervalMs, () => this.nvidia.length);
    this.child.start();
  }

  stop(): void {
    this.child?.stop();
    this.child = null;
    this.drm.close();
  }

  /** Why NVIDIA figures are missing, or null. */
  error(): string | null {
    return this.child?.read().error ?? this.nvidiaError;
  }

  /** The GPUs now, DRM cards first (by card number), then NVIDIA by index. */
  sample(): GpuSample[] {
    if (this.child) {
      const { text } = this.child.read();
      const fresh = text && text !== this.parsedText ? parseNvidiaGpuCsv(text) : [];
      this.parsedText = text;
      if (fresh.length) {
        const procs = new Map(this.nvidia.map((g) => [g.index, g.processes]));
        this.nvidia = fresh.map((g) => ({ ...g, processes: procs.get(g.index) ?? [] }));
      }
    }
    // NVIDIA's DRM cards are not read at all while nvidia-smi reports them (the filter catches the first tick).
    const drm = this.drm.read(Date.now(), this.hasNvidia ? isNvidiaVendor : undefined)
      .map((f) => this.drmSample(f))
      .filter((g) => !(g.vendor === 'nvidia' && this.hasNvidia));
    const all = [...drm, ...this.nvidia];
    // The same GPUs with the same figures: the previous list, so a monitor's history keeps one copy.
    if (this.last && this.last.length === all.length && all.every((g, i) => g === this.last![i])) return this.last;
    this.last = all;
    return all;
  }

  /** A card's sample, the previous object when none of its files changed (no garbage on a still card). */
  private drmSample(f: DrmCardFiles): GpuSample {
    const prev = this.drmPrev.get(f.card);
    // The reader hands back the same object while a card's files are unchanged.
    if (prev && prev.files === f) return prev.sample;
    if (prev && (Object.keys(f) as Array<keyof DrmCardFiles>).every((k) => prev.files[k] === f[k])) return prev.sample;
    const sample = drmCardSample(f);
    this.drmPrev.set(f.card, { files: f, sample });
    return sample;
  }
}

/** The GPU family on every tick of a snapshot collector; nothing is added when the machine has no GPU. */
export function gpuExtension(collector: GpuCollector): import('./snapshot-collector.js').SnapshotExtension {
  return {
    name: 'gpus',
    collect(snapshot) {
      const gpus = collector.sample();
      if (gpus.length) snapshot.gpus = gpus;
    },
  };
}
