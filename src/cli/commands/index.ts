import type { Command } from 'commander';
import { register as dashboard } from './dashboard.js';
import { register as df } from './df.js';
import { register as du } from './du.js';
import { register as free } from './free.js';
import { register as links } from './links.js';
import { register as lsblk } from './lsblk.js';
import { register as mounts } from './mounts.js';
import { register as pmap } from './pmap.js';
import { register as ps } from './ps.js';
import { register as serve } from './serve.js';
import { register as top } from './top.js';
import { register as uptime } from './uptime.js';
import { register as vmstat } from './vmstat.js';

/**
 * Every command module defines its options here and loads its implementation lazily inside the action, so
 * `sysmon ps` never loads blessed or systeminformation.
 */
export function registerCommands(program: Command): void {
  dashboard(program);
  ps(program);
  free(program);
  top(program);
  df(program);
  mounts(program);
  lsblk(program);
  du(program);
  serve(program);
  uptime(program);
  vmstat(program);
  pmap(program);
  links(program);
}
