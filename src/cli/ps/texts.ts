import { PROCESS_FIELDS } from '../../fields/process-fields.js';
import { psSpec, PS_SPEC_FIELDS } from '../../fields/ps-specs.js';
import { renderTable } from '../../format/table.js';

/** Fields of `sysmon ps --json` when no format is given (values in bytes, seconds, percent). */
export const PS_JSON_DEFAULT_SPECS = 'pid,ppid,uid,user,pcpu,pmem,vsz,rss,tty,stat,start,time,nlwp,ni,pri,psr,comm,args'
  .split(',').map((k) => psSpec(k)!);

/** `sysmon ps --list-fields`: every ps specifier (header, width), then the dashboard and top columns. */
export function psListFields(): string {
  // PORTABLE: whether the portable backend (--backend portable) fills the column; `no` prints `-` there.
  const portable = (f: { portable?: boolean }): string => (f.portable ? 'yes' : 'no');
  const ps = PS_SPEC_FIELDS.map((f) => [f.key, f.header, String(f.width), portable(f), f.psListed ? f.needs.join('+') || '-' : '(prints -)']);
  const own = PROCESS_FIELDS.filter((f) => psSpec(f.key) === undefined || !f.psListed)
    .filter((f) => !PS_SPEC_FIELDS.includes(f))
    .map((f) => [f.key, f.header, String(f.width), portable(f), `${f.description}${f.aliases.length ? ` (also ${f.aliases.join(', ')})` : ''}`]);
  const cols = [
    { header: 'KEY', width: 0, align: 'left' as const },
    { header: 'HEADER', width: 0, align: 'left' as const },
    { header: 'WIDTH', width: 0, align: 'right' as const },
    { header: 'PORTABLE', width: 0, align: 'left' as const },
    { header: 'READS', width: 0, align: 'left' as const },
  ];
  return `ps -o / --sort specifiers (procps-ng 4.0.2; JSON keys are the same names; PORTABLE: filled on the portable backend, else -):\n${renderTable(cols, ps)}\n` +
    `Columns of top -b and the dashboard:\n${renderTable([...cols.slice(0, 4), { header: 'DESCRIPTION', width: 0, align: 'left' as const }], own)}`;
}

/** `sysmon ps --help`. */
export function psHelp(): string {
  return `Usage:
 sysmon ps [options]

Selection (a process matching any list is shown):
 -A, -e               all processes
 -a                   all with a tty, except session leaders
  a                   all with a tty, including other users
 -d                   all except session leaders
 -N, --deselect       negate the selection
  r                   only running processes
  T                   all processes on this terminal
  x                   processes without controlling ttys
 -C <command>         command name
 -G, --Group <GID>    real group id or name
 -g, --group <group>  session or effective group name
 -p, p, --pid <PID>   process id
     --ppid <PID>     parent process id
 -q, q, --quick-pid <PID>  process id (quick mode)
 -s, --sid <session>  session id
 -t, t, --tty <tty>   terminal
 -u, U, --user <UID>  effective user id or name
 -U, --User <UID>     real user id or name

Output formats:
 -F   extra full;  -f  full-format, including command lines;  f, --forest  ascii art process tree
 -H   show process hierarchy;  -j  jobs format;  j  BSD job control format;  -l  long format;  l  BSD long
 -M, Z  add security data;  -O <format>, O <format>  preloaded with default columns;  s  signal format
 -o, o, --format <format>  user-defined format;  u  user-oriented;  v  virtual memory;  X  register format
 -y   do not show flags, show rss vs. addr (used with -l);  --context  security context
 --headers  repeat header lines;  h, --no-headers  no header;  --cols, --columns, --width <num>  screen width
 --rows, --lines <num>  screen height;  -w, w  unlimited output width;  e  show the environment after command
 n    numeric uid, wchan;  S, --cumulative  include dead children;  --sort <spec>, k <spec>  sort order
 L    list format specifiers;  -L  threads with LWP;  -T  threads with SPID;  -m, m  threads after processes
 H    threads as processes

sysmon additions:
 --json         a JSON array, one object per process, keys as the -o names, values in bytes/seconds/percent
 --list-fields  every -o / --sort name, with header, width and the files it reads

Without options, sysmon ps prints every process in the aux columns; run through a link named ps, it is
procps's ps (this terminal's processes). Errors and exit codes follow procps-ng 4.0.2.
`;
}
