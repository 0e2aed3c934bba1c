import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingCollector } from '../../../src/cli/record/run.js';
import type { Snapshot } from '../../../src/core/snapshot.js';
import { ProcFs } from '../../../src/source/proc-fs.js';
import { KEYFRAME_EVERY } from '../../../src/store/history/process-codec.js';
import { HistoryReader } from '../../../src/store/history/reader.js';
import { HistoryWriter } from '../../../src/store/history/writer.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-history-rt-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What a recording keeps of a snapshot: everything but the live mounts list, through JSON. */
function kept(s: Snapshot): unknown {
  const { mounts: _m, ...rest } = s;
  return JSON.parse(JSON.stringify(rest));
}

describe('history round trip on a fixture root', () => {
  it('every sample reads back equal to what was collected, across key frames', async () => {
    const root = path.resolve(__dirname, '../../fixtures/procs');
    const collector = recordingCollector(new ProcFs(root));
    const db = path.join(tmp, 'rt.db');
    const writer = HistoryWriter.open(db, { retainMs: null, maxBytes: null });
    const taken: { id: number; snap: Snapshot }[] = [];
    try {
      for (let i = 0; i < KEYFRAME_EVERY * 2 + 3; i++) {
        const s = await collector.tick();
        // The fixture does not move: vary a few rows as a live machine would, so deltas are not all zero.
        // Copies: rows are the collector's, which hands back the same object for a process whose stat is unchanged.
        s.time += i;
        s.processes = s.processes.map((r) => ({ ...r }));
        for (const r of s.processes) {
          r.utime += i * (r.pid % 7);
          r.minflt += i * 1000;
          if (i % 5 === 0) r.state = 'R';
        }
        if (i === 4) s.processes.pop();
        const res = writer.write(s);
        expect(res.keyframe).toBe(i % KEYFRAME_EVERY === 0);
        taken.push({ id: res.id, snap: s });
      }
    } finally {
      writer.close();
      collector.close();
    }
    expect(taken[0]!.snap.processes.length).toBeGreaterThan(3);
    const reader = HistoryReader.open(db);
    try {
      expect(reader.count()).toBe(taken.length);
      // Random order: each read decodes its chain from the key frame.
      for (const { id, snap } of [...taken].reverse()) expect(kept(reader.snapshot(id)!)).toEqual(kept(snap));
      for (const { id, snap } of taken) expect(reader.at(snap.time)).toEqual({ id, time: snap.time });
      expect(reader.at(taken[0]!.snap.time - 1)).toBeNull();
    } finally {
      reader.close();
    }
  });
});
