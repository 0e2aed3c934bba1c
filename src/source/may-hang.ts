import { spawn } from 'node:child_process';
import type { StatfsOutcome } from './statfs.js';

/**
 * File systems whose calls can block for as long as a server or a daemon does not answer: network file
 * systems and FUSE. A call stuck there cannot be interrupted (the kernel waits killably), and a stuck libuv
 * thread also stops Node from exiting (it joins its thread pool at exit). So sysmon never makes such a call in
 * its own process when it can avoid it: statfs goes to a child process that is killed at the time limit, a
 * path on such a mount is resolved lexically, and du walks such trees in a child it can kill.
 */
const MAY_HANG = /^(fuse(\.|$|blk$)|fuseblk$|nfs4?$|cifs$|smb3?$|smbfs$|9p$|ceph$|glusterfs$|afs$|lustre$|davfs$|gfs2$|ocfs2$|virtiofs$|beegfs$|gpfs$|orangefs$|pvfs2$|sshfs$|ncpfs$|coda$)/;

/** True for a file system type whose calls may hang (network, FUSE); fusectl and the like are local. */
export function mayHang(fstype: string): boolean {
  return MAY_HANG.test(fstype);
}

/**
 * File system types whose statfs(2) the kernel answers from memory (counters in the superblock, or nothing
 * at all for kernel file systems), never by asking a server, a daemon or a device: a one-shot may call it in
 * its own thread, as coreutils df calls statfs for every file system. Deliberately short: autofs (statfs of a
 * mount point may trigger a mount), overlay (answers for its upper layer, which may be FUSE) and anything not
 * named here keep the bounded, timed path.
 */
const FROM_MEMORY = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'f2fs', 'vfat', 'msdos', 'exfat', 'squashfs', 'iso9660', 'erofs',
  'tmpfs', 'devtmpfs', 'ramfs', 'hugetlbfs', 'proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'mqueue', 'debugfs',
  'tracefs', 'securityfs', 'pstore', 'bpf', 'configfs', 'fusectl', 'binfmt_misc', 'nsfs', 'efivarfs',
]);

/** True for a file system type whose statfs answers from memory (see {@link FROM_MEMORY}). */
export function statfsFromMemory(fstype: string): boolean {
  return FROM_MEMORY.has(fstype);
}

// Runs in the child: every statfs at once, one JSON line per answer, in any order.
const PROBE = `const fs=require('fs');const ps=process.argv.slice(1);
ps.forEach((p,i)=>fs.statfs(p,(e,s)=>process.stdout.write(JSON.stringify([i,e?{ok:false,code:e.code||'EIO'}:
{ok:true,value:{type:s.type,bsize:s.bsize,blocks:s.blocks,bfree:s.bfree,bavail:s.bavail,files:s.files,ffree:s.ffree}}])+'\\n')));`;

/**
 * statfs of `paths` in a child process, all within `timeoutMs`: the answers that came, ETIMEDOUT for the
 * rest. The child is killed at the limit (a killable wait ends with SIGKILL), so nothing of a hung mount is
 * left in this process.
 */
export function statfsInChild(paths: readonly string[], timeoutMs: number): Promise<StatfsOutcome[]> {
  const out: (StatfsOutcome | undefined)[] = paths.map(() => undefined);
  if (paths.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', PROBE, ...paths], {
      stdio: ['ignore', 'pipe', 'ignore'],
      // One pool thread per path: a hung mount does not hold up the answers of the others.
      env: { PATH: process.env.PATH ?? '', UV_THREADPOOL_SIZE: String(Math.min(64, Math.max(4, paths.length))) },
    });
    let buf = '';
    let left = paths.length;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(out.map((o) => o ?? { ok: false, code: 'ETIMEDOUT' }));
    };
    const timer = setTimeout(finish, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const [i, o] = JSON.parse(line) as [number, StatfsOutcome];
          if (out[i] === undefined) left--;
          out[i] = o;
        } catch {
          // a torn line cannot happen on a pipe for lines this short; ignore anything else
        }
      }
      if (left === 0) finish();
    });
    child.on('error', finish);
    child.on('close', finish);
  });
}
