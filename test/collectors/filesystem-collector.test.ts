import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FsUsage, Mount } from '../../src/core/filesystem.js';
import {
  collectFilesystems, finishDf, mountForPath, planDf, statfsMounts, usageFrom, type DfSelection,
} from '../../src/collectors/filesystem-collector.js';
import { parseMountinfo } from '../../src/parsers/mountinfo.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { FixtureStatfs, LiveStatfs, type StatfsCall, type StatfsOutcome, type StatfsSource } from '../../src/source/statfs.js';

const fixtures = path.resolve(__dirname, '..', 'fixtures');
const sel = (o: Partial<DfSelection> = {}): DfSelection => ({ all: false, local: false, types: [], excludeTypes: [], total: false, ...o });
const mounts = (lines: string[]): Mount[] => parseMountinfo(lines.join('\n'));
const targets = (ms: { mount: Mount }[]): string[] => ms.map((m) => m.mount.target);
const usage = (m: Mount, blocks: number): FsUsage => usageFrom(m, { ok: true, value: { type: 0, bsize: 4096, blocks, bfree: blocks, bavail: blocks, files: 10, ffree: 5 } });

describe('planDf (df selection before statfs)', () => {
  it('hides dummy types, keeps tmpfs and overlay', () => {
    const ms = mounts([
      '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
      '2 1 0:20 / /proc rw - proc proc rw',
      '3 1 0:21 / /sys rw - sysfs sysfs rw',
      '4 1 0:22 / /dev/pts rw - devpts devpts rw',
      '5 1 0:23 / /run rw - tmpfs tmpfs rw',
      '6 1 0:24 / /merged rw - overlay overlay rw',
      '7 1 0:25 / /auto rw - autofs systemd-1 rw',
    ]);
    expect(targets(planDf(ms, sel()))).toEqual(['/', '/run', '/merged']);
    expect(targets(planDf(ms, sel({ all: true })))).toHaveLength(7);
  });

  it('keeps one entry per device: a bind mount of a subdirectory loses to the mount nearer the root', () => {
    const ms = mounts([
      '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
      '2 1 8:1 /srv /srv/www rw - ext4 /dev/sda1 rw',
    ]);
    expect(targets(planDf(ms, sel()))).toEqual(['/']);
  });

  it('a real device path beats a name without a slash for the same device', () => {
    const ms = mounts([
      '1 0 8:1 / /a rw - ext4 rootfs rw',
      '2 1 8:1 / /b rw - ext4 /dev/sda1 rw',
    ]);
    const plan = planDf(ms, sel());
    expect(plan.map((p) => p.mount.source)).toEqual(['/dev/sda1']);
  });

  it('an over-mount counts as the device on top and takes the first place', () => {
    const ms = mounts([
      '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
      '2 1 0:34 / /mnt/over rw - tmpfs first rw',
      '3 1 0:40 / /other rw - tmpfs other rw',
      '4 2 0:35 / /mnt/over rw - tmpfs second rw',
    ]);
    expect(planDf(ms, sel()).map((p) => p.mount.source)).toEqual(['/dev/sda1', 'second', 'other']);
  });

  it('-t, -x and -l filter by exact type and locality', () => {
    const ms = mounts([
      '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
      '2 1 0:23 / /run rw - tmpfs tmpfs rw',
      '3 1 0:40 / /mnt/nfs rw - nfs4 server:/export rw',
    ]);
    expect(targets(planDf(ms, sel({ types: ['tmpfs'] })))).toEqual(['/run']);
    expect(targets(planDf(ms, sel({ excludeTypes: ['tmpfs'] })))).toEqual(['/', '/mnt/nfs']);
    expect(targets(planDf(ms, sel({ local: true })))).toEqual(['/', '/run']);
    expect(targets(planDf(ms, sel({ types: ['tmp'] })))).toEqual([]);
  });

  it('handles hundreds of tmpfs mounts', () => {
    const lines = ['1 0 8:1 / / rw - ext4 /dev/sda1 rw'];
    for (let i = 0; i < 400; i++) lines.push(`${10 + i} 1 0:${100 + i} / /run/user/${i} rw - tmpfs tmpfs rw`);
    expect(planDf(mounts(lines), sel())).toHaveLength(401);
  });
});

describe('finishDf (after statfs)', () => {
  const ms = mounts([
    '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
    '2 1 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw',
    '3 1 0:40 / /mnt/nfs rw - nfs4 server:/export rw',
    '4 1 0:41 / /gone rw - tmpfs gone rw',
  ]);
  const plan = planDf(ms, sel());
  const usages = [
    usage(ms[0]!, 100),
    usage(ms[1]!, 0),
    usageFrom(ms[2]!, { ok: false, code: 'ETIMEDOUT' }),
    usageFrom(ms[3]!, { ok: false, code: 'EACCES' }),
  ];
  it('drops zero-size and inaccessible filesystems, keeps a timed-out one as stale', () => {
    const rows = finishDf(usages, plan, sel());
    expect(rows.map((r) => [r.mount.target, r.stale])).toEqual([['/', false], ['/mnt/nfs', true]]);
  });
  it('keeps them all with -a', () => {
    expect(finishDf(usages, planDf(ms, sel({ all: true })), sel({ all: true }))).toHaveLength(4);
  });
  it('blanks an entry covered by an over-mount of another source with -a', () => {
    const om = mounts(['1 0 8:1 / / rw - ext4 /dev/sda1 rw', '2 1 0:34 / /x rw - tmpfs a rw', '3 2 0:35 / /x rw - tmpfs b rw']);
    const p = planDf(om, sel({ all: true }));
    const rows = finishDf(om.map((m) => usage(m, 10)), p, sel({ all: true }));
    expect(rows.map((r) => r.error ?? 'ok')).toEqual(['ok', 'SHADOWED', 'ok']);
  });
});

describe('mountForPath', () => {
  const ms = mounts([
    '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
    '2 1 0:20 / /proc rw - proc proc rw',
    '3 1 0:23 / /home/a\\040b rw - tmpfs t1 rw',
    '4 3 0:24 / /home/a\\040b rw - tmpfs t2 rw',
    '5 1 0:25 / /home/ab rw - tmpfs t3 rw',
  ]);
  it('takes the longest mount point at a / boundary; the upper of two on one path wins', () => {
    expect(mountForPath(ms, '/home/a b/file')?.source).toBe('t2');
    expect(mountForPath(ms, '/home/a bc')?.source).toBe('/dev/sda1');
    expect(mountForPath(ms, '/home/ab')?.source).toBe('t3');
    expect(mountForPath(ms, '/')?.source).toBe('/dev/sda1');
    // A dummy file system never beats a real one by path; the device of the path settles it, as in df.
    expect(mountForPath(ms, '/proc/1/stat')?.source).toBe('/dev/sda1');
    expect(mountForPath(ms, '/proc/1/stat', '0:20')?.source).toBe('proc');
    expect(mountForPath(ms, '/home/a b/x', '0:24')?.source).toBe('t2');
  });
  it('is null when nothing holds the path', () => {
    expect(mountForPath(mounts(['1 0 0:1 / /only rw - tmpfs t rw']), '/elsewhere')).toBeNull();
  });
});

describe('collectFilesystems on a fixture root', () => {
  it('gives the df default set with a stale row for the hung NFS mount, within the time limit', async () => {
    const root = path.join(fixtures, 'fs-basic');
    const t0 = Date.now();
    const rows = await collectFilesystems(new ProcFs(root), { timeoutMs: 150 });
    expect(Date.now() - t0).toBeLessThan(2000);
    const nfs = rows.find((r) => r.mount.target === '/mnt/nfs')!;
    expect(nfs.stale).toBe(true);
    expect(nfs.error).toBe('ETIMEDOUT');
    expect(rows.map((r) => r.mount.target)).not.toContain('/srv/www');
    expect(rows.find((r) => r.mount.target === '/')!.size).toBe(5110784 * 4096);
  });

  it('lists 400 tmpfs mounts', async () => {
    const rows = await collectFilesystems(new ProcFs(path.join(fixtures, 'fs-many')), { timeoutMs: 500 });
    expect(rows).toHaveLength(401);
  });
});

describe('statfs sources', () => {
  it('FixtureStatfs answers errno strings and hangs until the time limit', async () => {
    const s = new FixtureStatfs(path.join(fixtures, 'fs-basic'));
    expect(await s.statfs('/not-listed', 100)).toEqual({ ok: false, code: 'ENOENT' });
    const t0 = Date.now();
    expect(await s.statfs('/mnt/nfs', 100)).toEqual({ ok: false, code: 'ETIMEDOUT' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('LiveStatfs answers for / and reports ENOENT for a missing path', async () => {
    const s = new LiveStatfs();
    const r = await s.statfs('/', 5000);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.blocks).toBeGreaterThan(0);
    expect(await s.statfs('/no/such/path/here', 5000)).toEqual({ ok: false, code: 'ENOENT' });
    expect(s.pending).toBe(0);
  });

  it('LiveStatfs shares one call between two asks for the same path', async () => {
    const s = new LiveStatfs(1);
    const [a, b] = await Promise.all([s.statfs('/', 5000), s.statfs('/', 5000)]);
    expect(a).toEqual(b);
  });
});

describe('LiveStatfs with a statfs that never answers (a hung NFS server)', () => {
  it('times out each hung call from when it starts, and does not stack another call on a hung path', async () => {
    let started = 0;
    const hang = (): void => {
      started++;
    };
    const s = new LiveStatfs(2, hang);
    const t0 = Date.now();
    const res = await Promise.all(['/a', '/b', '/c', '/d'].map((p) => s.statfs(p, 100)));
    expect(res.every((r) => !r.ok && r.code === 'ETIMEDOUT')).toBe(true);
    // Two run at once: /c and /d start when /a and /b time out and hand their slots on.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(started).toBe(4);
    expect(s.pending).toBe(4);
    // Asking again for a path whose call still hangs answers at once, without a new call.
    const t1 = Date.now();
    expect(await s.statfs('/a', 5000)).toEqual({ ok: false, code: 'ETIMEDOUT' });
    expect(Date.now() - t1).toBeLessThan(100);
    expect(started).toBe(4);
  });

  it('two hung mounts do not starve a healthy one queued behind them', async () => {
    const statfsCall: StatfsCall = (p, cb) => {
      if (p.startsWith('/hung')) return;
      setImmediate(() => cb(null, { type: 1, bsize: 4096, blocks: 10, bfree: 5, bavail: 4, files: 3, ffree: 2 } as never));
    };
    const s = new LiveStatfs(2, statfsCall);
    const [h1, h2, ok] = await Promise.all(['/hung1', '/hung2', '/ok'].map((p) => s.statfs(p, 100)));
    expect(h1).toEqual({ ok: false, code: 'ETIMEDOUT' });
    expect(h2).toEqual({ ok: false, code: 'ETIMEDOUT' });
    expect(ok.ok).toBe(true);
    // On the next round the hung paths answer at once and the healthy one runs straight away.
    const t0 = Date.now();
    const again = await Promise.all(['/hung1', '/hung2', '/ok'].map((p) => s.statfs(p, 100)));
    expect(again[2]!.ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(90);
  });

  it('stops handing slots on once maxHung calls hang, so the pool is never exhausted', async () => {
    let started = 0;
    const s = new LiveStatfs(1, () => void started++, 1);
    await Promise.all(['/a', '/b', '/c'].map((p) => s.statfs(p, 50)));
    // /a hangs and hands its slot to /b; /b hangs too but may not hand on (1 hung allowed): /c never starts.
    expect(started).toBe(2);
    expect(s.pending).toBe(2);
  });
});

describe('statfsMounts in this thread (df)', () => {
  const ms = mounts([
    '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
    '2 1 0:23 / /run rw - tmpfs tmpfs rw',
    '3 1 0:24 / /merged rw - overlay overlay rw',
    '4 1 0:25 / /auto rw - autofs systemd-1 rw',
    '5 1 0:40 / /mnt/nfs rw - nfs4 server:/export rw',
    '6 5 7:0 / /mnt/nfs/disk rw - ext4 /dev/loop0 rw',
    '7 1 0:41 / /mnt/fuse rw - fuse.sshfs host: rw',
    '8 1 7:1 / /mnt/nfs2 rw - xfs /dev/loop1 rw',
  ]);
  const ok: StatfsOutcome = { ok: true, value: { type: 1, bsize: 4096, blocks: 10, bfree: 5, bavail: 4, files: 3, ffree: 2 } };
  /** A source that records which path each way of asking got. */
  function recording(): { source: StatfsSource; now: string[]; pooled: string[]; isolated: string[] } {
    const r = { now: [] as string[], pooled: [] as string[], isolated: [] as string[] };
    const source: StatfsSource = {
      statfs: (p) => (r.pooled.push(p), Promise.resolve(ok)),
      statfsNow: (p) => (r.now.push(p), ok),
      statfsIsolated: (ps) => (r.isolated.push(...ps), Promise.resolve(ps.map(() => ok))),
    };
    return { source, ...r };
  }

  it('asks local types from memory in this thread, the rest as before, in the given order', async () => {
    const rec = recording();
    const usages = await statfsMounts(ms, rec.source, 1000, ms);
    expect(usages.map((u) => u.mount.target)).toEqual(ms.map((m) => m.target));
    expect(usages.every((u) => !u.stale)).toBe(true);
    // ext4, tmpfs and the xfs beside (not under) the NFS mount; not the ext4 reached through the NFS directory.
    expect(rec.now).toEqual(['/', '/run', '/mnt/nfs2']);
    expect(rec.pooled).toEqual(['/merged', '/auto', '/mnt/nfs/disk']);
    expect(rec.isolated).toEqual(['/mnt/nfs', '/mnt/fuse']);
  });

  it('keeps every call off this thread without the mount table (the monitors)', async () => {
    const rec = recording();
    await statfsMounts(ms, rec.source, 1000);
    expect(rec.now).toEqual([]);
    expect(rec.pooled).toEqual(['/', '/run', '/merged', '/auto', '/mnt/nfs/disk', '/mnt/nfs2']);
  });

  it('asks nothing in this thread when / itself may hang (a diskless machine on NFS)', async () => {
    const nfsRoot = mounts(['1 0 0:40 / / rw - nfs4 server:/root rw', '2 1 0:23 / /run rw - tmpfs tmpfs rw']);
    const rec = recording();
    await statfsMounts(nfsRoot, rec.source, 1000, nfsRoot);
    expect(rec.now).toEqual([]);
    expect(rec.pooled).toEqual(['/run']);
  });

  it('LiveStatfs.statfsNow answers for / and reports the errno of a missing path', () => {
    const s = new LiveStatfs();
    const r = s.statfsNow('/');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.blocks).toBeGreaterThan(0);
    expect(s.statfsNow('/no/such/path/here')).toEqual({ ok: false, code: 'ENOENT' });
    expect(s.pending).toBe(0);
  });
});
