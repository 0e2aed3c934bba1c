// The floor in Node: the least a Node monitor must do each tick. List /proc and read every PID's stat into
// one reused buffer with synchronous calls; no parsing, no objects per process.
import fs from 'node:fs';

const buf = Buffer.allocUnsafe(1 << 16);

/** One pass: returns how many stat files were read. */
export function floorPass() {
  const names = fs.readdirSync('/proc');
  let n = 0;
  let off = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let fd;
    try {
      fd = fs.openSync(`/proc/${name}/stat`, 'r');
    } catch {
      continue; // gone between the listing and the open
    }
    try {
      if (off > buf.length - 1024) off = 0;
      off += fs.readSync(fd, buf, off, buf.length - off, null);
      n++;
    } catch {
      // gone mid-read
    } finally {
      fs.closeSync(fd);
    }
  }
  return n;
}

/** CPU per pass (ms, from process.cpuUsage) over passes run for at least minMs after one warm-up pass. */
export function measureFloor(minMs = 500) {
  floorPass();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let passes = 0;
  let procs = 0;
  do {
    procs = floorPass();
    passes++;
  } while (performance.now() - t0 < minMs || passes < 3);
  const c = process.cpuUsage(c0);
  return { passes, processes: procs, cpuMsPerPass: (c.user + c.system) / 1000 / passes };
}
