import { afterEach, describe, expect, it } from 'vitest';
import { captureOutput, OutputLines } from '../../src/format/output.js';
import { ByteLines } from '../../src/format/byte-lines.js';
import { procpsLine, procpsLineBytes, type LineMeasure } from '../../src/format/procps-layout.js';
import { displayWidth } from '../../src/format/display-width.js';

/** A stand-in for stdout that keeps every chunk as it was handed over (as a stream may, to write it later). */
function keepingStream(): { stream: NodeJS.WriteStream; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const stream = {
    write(chunk: string | Uint8Array): boolean {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, chunks };
}

afterEach(() => captureOutput(null));

describe('OutputLines (ps writes its lines with one write)', () => {
  it('writes the lines with a newline after each, as UTF-8, in one write', () => {
    const { stream, chunks } = keepingStream();
    captureOutput(stream);
    const o = new OutputLines();
    for (const l of ['USER PID', 'root 1 bash', 'bob 2 数据库 😀 e\u0301', '']) o.line(l);
    expect(o.lines).toBe(4);
    o.flush();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.toString('utf8')).toBe('USER PID\nroot 1 bash\nbob 2 数据库 😀 e\u0301\n\n');
  });

  it('grows past its first buffer without losing a byte', () => {
    const { stream, chunks } = keepingStream();
    captureOutput(stream);
    const o = new OutputLines();
    const lines = Array.from({ length: 5000 }, (_, i) => `${i} ${'x'.repeat(i % 97)} ${'数'.repeat(i % 13)}`);
    for (const l of lines) o.line(l);
    o.flush();
    expect(Buffer.concat(chunks).toString('utf8')).toBe(lines.join('\n') + '\n');
  });

  it('writes nothing without a line, and never reuses bytes a stream still holds', () => {
    const { stream, chunks } = keepingStream();
    captureOutput(stream);
    const o = new OutputLines();
    o.flush();
    expect(chunks).toHaveLength(0);
    o.line('first');
    o.flush();
    o.line('second');
    o.flush();
    expect(chunks.map((c) => c.toString('utf8'))).toEqual(['first\n', 'second\n']);
  });
});

describe('procpsLine measures what it lays out', () => {
  const cols = [
    { header: 'PID', width: 5, align: 'right' as const },
    { header: 'USER', width: 8, align: 'left' as const },
    { header: 'COMMAND', width: 7, align: 'left' as const },
  ];
  it('gives the display width and the trailing blanks of the line', () => {
    const m: LineMeasure = { width: -1, trailing: -1 };
    for (const cells of [['1', 'root', 'bash'], ['22', '数据库', 'a\x1bb'], ['3', 'x', 'name  '], ['4', 'y', ''], ['5', '', '   '], ['6', 'e\u0301', '😀']]) {
      const line = procpsLine(cols, cells, m);
      expect(m.width, JSON.stringify(cells)).toBe(displayWidth(line));
      expect(m.trailing, JSON.stringify(cells)).toBe(line.length - line.replace(/ +$/, '').length);
    }
  });
  it('escapes what is not printable ASCII', () => {
    expect(procpsLine(cols, ['1', 'a\tb', 'x\x9by'])).toBe('    1 a?b      x?y');
  });
});

describe('procpsLineBytes writes what procpsLine lays out, or nothing', () => {
  const cols = [
    { header: 'PID', width: 5, align: 'right' as const },
    { header: 'USER', width: 8, align: 'left' as const },
    { header: 'S', width: 1, align: 'left' as const },
    { header: 'COMMAND', width: 7, align: 'left' as const },
  ];
  it('lays out printable ASCII lines as procpsLine does, trailing blanks dropped', () => {
    for (const cells of [['1', 'root', 'S', 'bash'], ['1234567', 'averylongusername', 'R', 'x'], ['5', '', '', '   '], ['6', 'u', ' ', '']]) {
      const out = new ByteLines(4);
      out.byte(62);
      expect(procpsLineBytes(cols, cells, 200, out), JSON.stringify(cells)).toBe(true);
      expect(out.bytes.toString('latin1', 1, out.length)).toBe(procpsLine(cols, cells).replace(/ +$/, ''));
    }
  });
  it('leaves escaping, wide text and lines to cut to the string path', () => {
    for (const [cells, limit] of [[['1', '数据库', 'S', 'a'], 200], [['1', 'a\tb', 'S', 'c'], 200], [['1', 'root', 'S', 'bash'], 10]] as const) {
      const out = new ByteLines(4);
      out.byte(62);
      expect(procpsLineBytes(cols, cells, limit, out), JSON.stringify(cells)).toBe(false);
      expect(out.length).toBe(1);
    }
  });
});
