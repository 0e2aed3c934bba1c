import type { RecordOptions } from './options.js';

/** Quote one word for a systemd ExecStart= line (systemd.syntax(7): double quotes, backslash escapes). */
function quoteWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `"${w.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}

/** Seconds as the largest whole unit: 604800 -> 7d, 5400 -> 90min. */
function duration(s: number): string {
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['min', 60]] as const) if (s % n === 0) return `${s / n}${unit}`;
  return `${s}s`;
}

/**
 * A systemd service running this recorder with the same options: `sysmon record --unit > sysmon-record.service`.
 * Nice and idle I/O class because a monitor must never compete with what it watches; the state directory is
 * created by systemd for root's default path.
 */
export function unitFile(o: RecordOptions, node: string, bin: string): string {
  // Small young-generation semi-spaces: a recorder runs for months, and V8's default 16 MiB ones add ~20 MiB of
  // RSS for nothing (docs/history.md, measured); the flag only costs start-up time, paid once here.
  const args = [node, '--max-semi-space-size=2', bin, 'record', '-d', String(o.interval), '--retain', o.retainMs === null ? 'none' : duration(o.retainMs / 1000),
    '--max-size', o.maxBytes === null ? 'none' : o.maxBytes % 2 ** 30 === 0 ? `${o.maxBytes / 2 ** 30}G` : o.maxBytes % 2 ** 20 === 0 ? `${o.maxBytes / 2 ** 20}M` : String(o.maxBytes), '--db', o.db];
  const system = o.db.startsWith('/var/lib/sysmon/');
  return [
    '[Unit]',
    'Description=sysmon history recorder (sysmon replay, sysmon ps --at)',
    'After=local-fs.target',
    '',
    '[Service]',
    `ExecStart=${args.map(quoteWord).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=5',
    'Nice=10',
    'IOSchedulingClass=idle',
    ...(system ? ['StateDirectory=sysmon'] : []),
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    '',
    '[Install]',
    `WantedBy=${system ? 'multi-user.target' : 'default.target'}`,
    '',
  ].join('\n');
}
