import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/**
 * A private temporary directory of files that text is appended to and later read back whole, in order
 * (history export spools each OpenMetrics family apart, as the format wants a family's samples together).
 */
export class SpoolDir {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-spool-'));
  private count = 0;

  /** A new, empty file in the directory. */
  create(): SpoolFile {
    return new SpoolFile(path.join(this.dir, `${this.count++}`));
  }

  /** The directory and every file in it. */
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One spooled file: appended to, closed, then read back in chunks. */
export class SpoolFile {
  private fd: number | null;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'w', 0o600);
  }

  append(text: string): void {
    if (this.fd === null) throw new Error(`${this.file} is closed`);
    fs.writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** The text in chunks of up to 64 KiB, each handed to `each` (awaited); a character is never split. */
  async readBack(each: (text: string) => Promise<void>): Promise<void> {
    this.close();
    const fd = fs.openSync(this.file, 'r');
    const decoder = new StringDecoder('utf8');
    try {
      const chunk = Buffer.allocUnsafe(1 << 16);
      for (let k = fs.readSync(fd, chunk); k > 0; k = fs.readSync(fd, chunk)) await each(decoder.write(chunk.subarray(0, k)));
      const rest = decoder.end();
      if (rest !== '') await each(rest);
    } finally {
      fs.closeSync(fd);
    }
  }
}
