import { PROCESS_FIELDS } from '../../fields/process-fields.js';
import { psSpec, psSpecFields } from '../../fields/ps-specs.js';
import { leftColumn, renderTable, rightColumn } from '../../format/table.js';

/** Fields of `sysmon ps --json` when no format is given (values in bytes, seconds, percent). */
export const PS_JSON_DEFAULT_SPECS = 'pid,ppid,uid,user,pcpu,pmem,vsz,rss,tty,stat,start,time,nlwp,ni,pri,psr,comm,args'
  .split(',').map((k) => psSpec(k)!);

/** `sysmon ps --list-fields`: every ps specifier (header, width), then the dashboard and top columns. */
export function psListFields(): string {
  // PORTABLE: whether the portable backend (--backend portable) fills the column; `no` prints `-` there.
  const portable = (f: { portable?: boolean }): string => (f.portable ? 'yes' : 'no');
  const specs = psSpecFields();
  const ps = specs.map((f) => [f.key, f.header, String(f.width), portable(f), f.psListed ? f.needs.join('+') || '-' : '(prints -)']);
  const own = PROCESS_FIELDS.filter((f) => psSpec(f.key) === undefined || !f.psListed)
    .filter((f) => !specs.includes(f))
    .map((f) => [f.key, f.header, String(f.width), portable(f), `${f.description}${f.aliases.length ? ` (also ${f.aliases.join(', ')})` : ''}`]);
  const cols = [leftColumn('KEY'), leftColumn('HEADER'), rightColumn('WIDTH'), leftColumn('PORTABLE'), leftColumn('READS')];
  return `ps -o / --sort specifiers (procps-ng 4.0.2; JSON keys are the same names; PORTABLE: filled on the portable backend, else -):\n${renderTable(cols, ps)}\n` +
    `Columns of top -b and the dashboard:\n${renderTable([...cols.slice(0, 4), leftColumn('DESCRIPTION')], own)}`;
}

/** The sections of `ps --help TOPIC`, in procps-ng 4.0.2's order, names and layout (descriptions sysmon's). */
const HELP_SECTIONS: ReadonlyArray<{ names: readonly string[]; text: string }> = [
  {
    names: ['s', 'simple'],
    text: `Basic options:
 -A, -e               all processes
 -a                   all with a tty, except session leaders
  a                   all with a tty, including other users
 -d                   all except session leaders
 -N, --deselect       negate the selection
  r                   only running processes
  T                   all processes on this terminal
  x                   processes without controlling ttys
`,
  },
  {
    names: ['l', 'list'],
    text: `Selection by list:
 -C <command>         command name
 -G, --Group <GID>    real group id or name
 -g, --group <group>  session or effective group name
 -p, p, --pid <PID>   process id
        --ppid <PID>  parent process id
 -q, q, --quick-pid <PID>
                      process id (quick mode)
 -s, --sid <session>  session id
 -t, t, --tty <tty>   terminal
 -u, U, --user <UID>  effective user id or name
 -U, --User <UID>     real user id or name

  Selection options take a list as their argument:
    comma-separated, as in '-u root,nobody', or
    blank-separated in one word, as in '-p "123 4567"'
`,
  },
  {
    names: ['o', 'output'],
    text: `Output formats:
 -F                   extra full format
 -f                   full format, with command lines
  f, --forest         process tree in ASCII art
 -H                   process hierarchy
 -j                   jobs format
  j                   BSD job control format
 -l                   long format
  l                   BSD long format
 -M, Z                add the security label column
 -O <format>          default columns, then these
  O <format>          as -O, BSD personality
 -o, o, --format <format>
                      user-defined format
  -P                  add the psr column
  s                   signal format
  u                   user-oriented format
  v                   virtual memory format
  X                   register format
 -y                   no flags, rss instead of addr (with -l)
     --context        security context column
     --headers        repeat the header every page
     --no-headers     no header line
     --cols, --columns, --width <num>
                      screen width
     --rows, --lines <num>
                      screen height
`,
  },
  {
    names: ['t', 'threads'],
    text: `Show threads:
  H                   as if they were processes
 -L                   with LWP and NLWP columns
 -m, m                after their processes
 -T                   with the SPID column
`,
  },
  {
    names: ['m', 'misc'],
    text: `Miscellaneous options:
 -c                   scheduling class with -l
  c                   the true command name
  e                   the environment after the command
  k,    --sort        sort order: [+|-]key[,[+|-]key[,...]]
  L                   list the format specifiers
  n                   numeric uid and wchan
  S,    --cumulative  add dead children's times and faults
 -y                   no flags, rss (with -l)
 -V, V, --version     print version information and exit
 -w, w                unlimited output width
     --json           sysmon: a JSON array, keys as the -o names, in bytes/seconds/percent
     --list-fields    sysmon: every -o / --sort name with header, width and files read

        --help <simple|list|output|threads|misc|all>
                      print help and exit
`,
  },
];

/**
 * `ps --help [TOPIC]` in procps-ng 4.0.2's shape: a blank line, `Usage:`, then one section (s l o t m, or
 * their long names), every section for `a`/`all`, or the list of topics for none or an unknown one;
 * `For more details see ps(1).` last. The usage line names `sysmon ps` unless run through a `ps` link.
 */
export function psHelp(topic = '', name = 'ps'): string {
  const head = `\nUsage:\n ${name} [options]\n\n`;
  const tail = '\nFor more details see ps(1).\n';
  const all = topic === 'a' || topic === 'all';
  const chosen = HELP_SECTIONS.filter((sec) => all || sec.names.includes(topic));
  if (chosen.length === 0) {
    return `${head} Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n${tail}`;
  }
  return head + chosen.map((sec) => sec.text).join('\n') + tail;
}
