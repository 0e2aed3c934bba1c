/**
 * One sample shared by every scrape of an interval: a scrape reuses the newest sample while it is younger than
 * the interval, and scrapes that arrive while a sample is being collected wait for that same collection. So 50
 * concurrent scrapers cost one /proc walk per interval, not 50.
 */
export class SharedSample<T> {
  private current: { value: T; takenAt: number } | null = null;
  private inflight: Promise<T> | null = null;

  constructor(
    private readonly produce: () => Promise<T>,
    /** Maximum age of a reused sample, milliseconds. */
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The current sample, or a fresh one when it is older than the interval. */
  get(): Promise<T> {
    if (this.current && this.now() - this.current.takenAt < this.maxAgeMs) return Promise.resolve(this.current.value);
    if (this.inflight) return this.inflight;
    const run = (async () => {
      try {
        const value = await this.produce();
        // Age counts from the end of the collection: a collection slower than the interval (a statfs that
        // waited for its time limit) is still shared by the scrapes that follow it.
        this.current = { value, takenAt: this.now() };
        return value;
      } finally {
        this.inflight = null;
      }
    })();
    this.inflight = run;
    return run;
  }
}
