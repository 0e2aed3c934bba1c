import { RuntimeError } from '../../core/errors.js';
import { out, outJson } from '../../format/output.js';
import { uptimeLine, uptimePretty, uptimeSince } from '../../format/uptime.js';
import { parseLoadavg } from '../../parsers/loadavg.js';
import { parseUptime } from '../../parsers/uptime.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { countLoggedInUsers } from '../../source/users.js';
import { nowMs } from '../clock.js';

/** What `sysmon uptime` prints. -s wins over -p, as in procps (it is checked first). */
export interface UptimeOptions {
  pretty: boolean;
  since: boolean;
  json: boolean;
}

/** Print one of uptime's three texts, or the JSON document with every figure. */
export function runUptime(fs: ProcFs, o: UptimeOptions): void {
  const text = fs.readText('/proc/uptime');
  // procps: "Unable to get system uptime" is its library's failure; sysmon says which file.
  if (text === null) throw new RuntimeError('cannot read /proc/uptime');
  const { uptime } = parseUptime(text);
  const now = nowMs();
  if (o.json) {
    const load = parseLoadavg(fs.readText('/proc/loadavg') ?? '');
    outJson({
      uptime,
      boot_time: Math.round(now / 1000 - uptime),
      users: countLoggedInUsers(fs),
      load: { '1m': load.one, '5m': load.five, '15m': load.fifteen },
    });
    return;
  }
  if (o.since) {
    out(`${uptimeSince(uptime, now)}\n`);
    return;
  }
  if (o.pretty) {
    out(`${uptimePretty(uptime)}\n`);
    return;
  }
  const loadText = fs.readText('/proc/loadavg');
  if (loadText === null) throw new RuntimeError('cannot read /proc/loadavg');
  const load = parseLoadavg(loadText);
  out(`${uptimeLine(uptime, new Date(now), countLoggedInUsers(fs), [load.one, load.five, load.fifteen])}\n`);
}
