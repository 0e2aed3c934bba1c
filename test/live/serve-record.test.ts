import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/store/history/reader.js';
import { runSysmon } from '../helpers/sysmon-cli.js';
import { get, startSysmon, stopChild, waitFor, type Sysmon } from './serve-helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-serve-record-'));
let serve: Sysmon | undefined;
afterAll(async () => {
  await stopChild(serve);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('sysmon serve --record', () => {
  it('serves scrapes and records the same samples into the history, with command lines', { timeout: 60_000 }, async () => {
    const db = path.join(tmp, 'h.db');
    serve = await startSysmon(['--record', '--record-every', '0.3', '--db', db]);
    const m = await get(`${serve.base}/metrics`);
    expect(m.status).toBe(200);
    expect(m.body).toMatch(/^node_load1 /m);
    await waitFor('five recorded samples', async () => {
      const r = HistoryReader.open(db);
      try {
        return r.count() >= 5 ? true : undefined;
      } finally {
        r.close();
      }
    }, 30_000);
    await stopChild(serve);
    expect((await serve.exited).code).toBe(0);
    expect(serve.stderr()).toContain(`sysmon: serve: recording into ${db} every 0.3 s`);
    const r = HistoryReader.open(db);
    try {
      const s = r.snapshot(r.last()!.id)!;
      const self = s.processes.find((p) => p.pid === serve!.proc.pid);
      expect(self?.cmdline?.some((a) => a === 'serve')).toBe(true);
      expect(s.processes.every((p) => p.uid !== null)).toBe(true);
      expect(r.recorder()).toBeNull(); // released on a clean stop
    } finally {
      r.close();
    }
  });

  it('the recording options go with --record only', async () => {
    const r = await runSysmon(['serve', '--retain', '1d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sysmon: serve: --record-every, --retain, --max-size and --db go with --record\n');
  });
});
