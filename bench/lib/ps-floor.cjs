'use strict';
// The floor of `ps aux` in Node: start, list /proc, and read every process's stat, status and cmdline (the
// files procps ps aux reads) into one reused buffer with synchronous calls, as sysmon's collector does, then
// exit. Nothing is parsed or printed. What sysmon ps aux costs above this is its own work; what this costs
// above procps ps aux is Node's start and its per-call overhead.
const fs = require('node:fs');

const bufs = [Buffer.allocUnsafe(1 << 16)];
const files = ['stat', 'status', 'cmdline'];
const names = fs.readdirSync('/proc');
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  const c = name.charCodeAt(0);
  if (c < 48 || c > 57) continue;
  for (let f = 0; f < files.length; f++) {
    let fd;
    try {
      fd = fs.openSync(`/proc/${name}/${files[f]}`, 'r');
    } catch {
      continue; // gone between the listing and the open
    }
    try {
      fs.readvSync(fd, bufs, 0);
    } catch {
      // gone mid-read
    } finally {
      fs.closeSync(fd);
    }
  }
}
