/**
 * A slow asynchronous reading (statfs of every mount) that a scrape must not wait on for long: ask for a fresh
 * value, wait at most `waitMs`, else answer with the last value that did arrive. At most one reading runs at a
 * time, so a hung NFS mount ties up one libuv thread, not one per scrape; the next scrape after it returns
 * starts a new one.
 */
export class BoundedWait<T> {
  private pending: Promise<T> | null = null;
  private last: T;
  /** True when the newest {@link get} answered with an old value because the reading was late. */
  lateLastTime = false;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly waitMs: number,
    initial: T,
  ) {
    this.last = initial;
  }

  async get(): Promise<T> {
    if (!this.pending) {
      const p = this.read().then(
        (v) => {
          this.last = v;
          return v;
        },
        () => this.last,
      );
      this.pending = p;
      void p.finally(() => {
        if (this.pending === p) this.pending = null;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.waitMs);
    });
    try {
      const r = await Promise.race([this.pending, late]);
      this.lateLastTime = r === 'late';
      return r === 'late' ? this.last : r;
    } finally {
      clearTimeout(timer);
    }
  }
}
