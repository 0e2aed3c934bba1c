/**
 * A fixed-capacity ring of numbers backed by one Float64Array: pushing past capacity overwrites the oldest
 * value, and nothing ever grows, so a series costs 8 bytes x capacity however long sysmon runs.
 * NaN marks a missing value (the first tick has no CPU delta); readers draw it as a gap.
 */
export class RingBuffer {
  private readonly data: Float64Array;
  /** Index of the next write. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.data = new Float64Array(capacity);
  }

  /** Number of values held (at most capacity). */
  get length(): number {
    return this.count;
  }

  /** Append a value, dropping the oldest when full. */
  push(value: number): void {
    this.data[this.head] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** The i-th value, 0 = oldest held; undefined out of range. Negative i counts from the newest (-1 = newest). */
  at(i: number): number | undefined {
    if (i < 0) i += this.count;
    if (i < 0 || i >= this.count) return undefined;
    let j = this.head - this.count + i;
    if (j < 0) j += this.capacity;
    return this.data[j];
  }

  /** The newest value, or undefined when empty. */
  last(): number | undefined {
    return this.at(-1);
  }

  /** Values oldest to newest; the newest `n` only when n is given. A fresh array (the ring is not exposed). */
  toArray(n: number = this.count): number[] {
    const k = Math.max(0, Math.min(n, this.count));
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = this.at(this.count - k + i)!;
    return out;
  }

  /** Drop every value. */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
