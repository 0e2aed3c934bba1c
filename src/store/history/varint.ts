/**
 * Zigzag LEB128 varints for integers of magnitude up to 2^52 (zigzag doubles them: 2^53 stays exact), with
 * arithmetic rather than 32-bit bit operations:
 * small magnitudes of either sign take one byte, which is what deltas between samples mostly are.
 */
export class VarintWriter {
  private buf: Buffer;
  private n = 0;

  constructor(initial = 4096) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Start over (the buffer is kept). */
  reset(): void {
    this.n = 0;
  }

  /** Append one signed integer. */
  int(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    if (this.n + 10 > this.buf.length) this.grow();
    // Most values are small deltas: one byte, without the arithmetic below.
    if (z < 0x80) {
      this.buf[this.n++] = z;
      return;
    }
    while (z >= 0x80) {
      this.buf[this.n++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    this.buf[this.n++] = z;
  }

  private grow(): void {
    const next = Buffer.allocUnsafe(this.buf.length * 2);
    this.buf.copy(next, 0, 0, this.n);
    this.buf = next;
  }

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.n);
  }
}

/** Reads what {@link VarintWriter} wrote. */
export class VarintReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  int(): number {
    let z = 0;
    let mult = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError('varint past the end of the record');
      const b = this.buf[this.pos++]!;
      z += (b & 0x7f) * mult;
      if (b < 0x80) break;
      mult *= 0x80;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}
