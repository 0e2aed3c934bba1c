import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// One busybox container under podman with runc, offline (an image imported from a rootfs tar made here), with a
// memory limit and a CPU quota and a busy process, so every cAdvisor family has a value. .ci/run installs
// podman, runc and busybox-static; where they cannot run, start() says why instead.

const sh = (cmd: string, args: string[], timeout = 120_000) => spawnSync(cmd, args, { encoding: 'utf8', timeout });

/** A running test container, or why none could run. */
export class BusyboxContainer {
  readonly name: string;
  readonly image: string;
  private tmp = '';
  private started = false;

  constructor(tag: string) {
    this.name = `sysmon-${tag}-${process.pid}`;
    this.image = `localhost/sysmon-${tag}-bb-${process.pid}`;
  }

  /** Starts the container; null when it runs, else the reason it cannot. */
  start(): string | null {
    if (process.getuid?.() !== 0) return 'needs root to run podman with cgroup limits';
    if (sh('podman', ['--version']).status !== 0) return 'podman is not installed (.ci/run installs podman runc busybox-static)';
    if (sh('runc', ['--version']).status !== 0) return 'runc is not installed';
    const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
    if (!busybox) return 'busybox-static is not installed';
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-podman-'));
    const rootfs = path.join(this.tmp, 'rootfs');
    fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
    fs.copyFileSync(busybox, path.join(rootfs, 'bin', 'busybox'));
    fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
    for (const a of ['sh', 'sleep', 'yes']) fs.symlinkSync('busybox', path.join(rootfs, 'bin', a));
    const tar = path.join(this.tmp, 'rootfs.tar');
    const t = sh('tar', ['-C', rootfs, '-cf', tar, '.']);
    if (t.status !== 0) return `tar failed: ${t.stderr}`;
    const imp = sh('podman', ['import', tar, this.image]);
    if (imp.status !== 0) return `podman import failed: ${imp.stderr.trim()}`;
    this.started = true;
    // crun refuses hybrid cgroup machines; runc works on v1, hybrid and v2.
    const run = sh('podman', ['--runtime', 'runc', 'run', '-d', '--name', this.name, '--network', 'none',
      '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--memory', '64m', '--cpus', '0.5',
      this.image, '/bin/sh', '-c', 'yes > /dev/null & exec sleep 600']);
    if (run.status !== 0) return `podman run failed: ${run.stderr.trim()}`;
    return null;
  }

  /** Removes the container, its image and the rootfs. */
  stop(): void {
    if (this.started) {
      sh('podman', ['rm', '-f', '-t', '0', this.name]);
      sh('podman', ['rmi', '-f', this.image]);
    }
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
