import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NVIDIA_GPU_QUERY, parseNvidiaGpuCsv } from '../../src/parsers/nvidia-smi.js';
import { NvidiaSmiChild } from '../../src/source/nvidia-smi-child.js';

const FAKE = path.resolve(__dirname, '..', 'fixtures', 'fake-nvidia-smi.cjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Read the child every few ms for `ms`: the parsed blocks seen. */
async function watch(child: NvidiaSmiChild, ms: number): Promise<Array<ReturnType<typeof parseNvidiaGpuCsv>>> {
  const seen: Array<ReturnType<typeof parseNvidiaGpuCsv>> = [];
  let last = '';
  for (const until = Date.now() + ms; Date.now() < until; ) {
    await sleep(7);
    const { text } = child.read();
    if (text !== '' && text !== last) seen.push(parseNvidiaGpuCsv(text));
    last = text;
  }
  return seen;
}

describe('NvidiaSmiChild', () => {
  it('reads the newest block from its output file, whole blocks only, across many truncations', async () => {
    // 300 bytes: the file is emptied after about every block, so blocks are cut at every place a read can fall.
    const child = new NvidiaSmiChild(NVIDIA_GPU_QUERY, 20, () => 2, FAKE, 300);
    child.start();
    expect(child.throughFile).toBe(true);
    await child.ready(5000);
    const seen = await watch(child, 1500);
    child.stop();
    expect(seen.length).toBeGreaterThan(5);
    for (const block of seen) expect(block.map((g) => g.index)).toEqual([0, 1]);
    // The fake's GPU 0 moves through 37, 38, 39: newer blocks keep arriving after truncations.
    expect(new Set(seen.map((b) => b[0]!.utilization)).size).toBeGreaterThanOrEqual(2);
  });

  it('falls back to a pipe where no temporary file can be made', async () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(os.tmpdir(), 'sysmon-no-such-dir', 'x');
    let child: NvidiaSmiChild;
    try {
      child = new NvidiaSmiChild(NVIDIA_GPU_QUERY, 20, () => 2, FAKE);
      child.start();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(child.throughFile).toBe(false);
    await child.ready(5000);
    const seen = await watch(child, 300);
    child.stop();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.map((g) => g.index)).toEqual([0, 1]);
  });

  it('says when the executable is missing', async () => {
    const child = new NvidiaSmiChild(NVIDIA_GPU_QUERY, 20, () => 2, path.join(os.tmpdir(), 'sysmon-no-nvidia-smi'));
    child.start();
    await child.ready(2000);
    expect(child.read()).toMatchObject({ text: '', error: expect.stringMatching(/not found$/) });
    child.stop();
    expect(fs.existsSync(path.join(os.tmpdir(), 'sysmon-no-nvidia-smi'))).toBe(false);
  });
});
