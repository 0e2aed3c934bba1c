import { ToolError } from '../../core/errors.js';

/*
 * ps's command line, as procps-ng 4.0.2 reads it (its parser.c semantics, reimplemented): each argument is
 * UNIX (`-ef`), BSD (`aux`), GNU (`--sort=...`) or trailing pids; when the UNIX reading fails, the whole line
 * is read again as BSD (so `ps -aux` works), and only if that fails too is the first error reported.
 * Lists (`-p 1,2`, `-o pid,comm`) are deferred and checked in ./formats.ts.
 */

/** What a selection list matches. */
export type SelType = 'ruid' | 'euid' | 'rgid' | 'egid' | 'pgrp' | 'pid' | 'quick' | 'ppid' | 'tty' | 'sess' | 'comm';

/** One list of `-p`, `-u`, `-t`...: a process matching any value of any list is selected. */
export interface SelNode {
  type: SelType;
  /** pids, uids, gids, tty device numbers (`-1` for `?`/`-`: no tty), or command names. */
  values: (number | string)[];
}

/** A deferred `-o`, `-O`, `O`, `o`, `--format`, `--sort`, `k` or `m` argument. */
export interface SfNode {
  arg: string;
  code: 'U_o' | 'U_O' | 'B_o' | 'B_O' | 'G_format' | 'G_sort' | 'B_m';
}

/** Everything the command line says, before the format lists are built. */
export interface PsArgs {
  personality: Set<string>;
  preferBsd: boolean;
  allProcesses: boolean;
  simple: Set<'U_a' | 'U_d' | 'B_a' | 'B_g' | 'B_x'>;
  selections: SelNode[];
  negate: boolean;
  runningOnly: boolean;
  formatFlags: Set<string>;
  formatModifiers: Set<string>;
  threadFlags: Set<string>;
  forestType: '' | 'u' | 'b' | 'g';
  headerType: 'single' | 'none' | 'multi';
  wCount: number;
  screenCols: number | null;
  screenRows: number | null;
  showEnv: boolean;
  cumulative: boolean;
  numeric: boolean;
  unixF: boolean;
  sf: SfNode[];
  /** `L`, `V`, `--help`, `--info`: print and exit. */
  action: null | 'list' | 'version' | 'help' | 'info';
  helpTopic?: string;
  /** procps select_bits (set by the format step): which of -a -d a x g's table entries are accepted. */
  selectBits?: number | null | string;
}

/** Facts of the machine the parser needs: user and group names, terminals, our own tty. */
export interface PsLookups {
  uidOf(name: string): number | undefined;
  gidOf(name: string): number | undefined;
  /** Device number of a terminal path, null when missing, 'not-tty' when not a character device. */
  ttyDevice(path: string): number | null | 'not-tty';
  /** ps's own controlling terminal (0 without one). */
  ownTty: number;
}

/** The usage lines procps prints after an error (on stderr, exit 1). */
export const PS_USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).`;

/** A ps usage error: `error: MESSAGE` and the usage lines, exit 1. */
export function psUsageError(message: string): ToolError {
  return new ToolError(`error: ${message}\n${PS_USAGE}`, 1);
}

class Fail extends Error {}

function personalityOf(env: NodeJS.ProcessEnv): { flags: Set<string>; preferBsd: boolean } | string {
  let s = env.PS_PERSONALITY;
  if (!s) s = env.CMD_ENV;
  if (!s) s = 'unknown';
  if (env.I_WANT_A_BROKEN_PS) s = 'old';
  if (s.length > 15) return 'environment specified an unknown personality';
  const p = s.toLowerCase();
  const flags = new Set<string>();
  switch (p) {
    case 'bsd':
      return { flags: new Set(['FORCE_BSD', 'BSD_h', 'BSD_m', 'FB']), preferBsd: true };
    case 'old':
      return { flags: new Set(['FORCE_BSD', 'OLD_m']), preferBsd: true };
    case 'debian':
    case 'gnu':
      return { flags: new Set(['GOOD_o', 'OLD_m', 'RD']), preferBsd: true };
    case 'linux':
      return { flags: new Set(['GOOD_o', 'ZAP_ADDR', 'SANE_USER']), preferBsd: false };
    case 'default':
    case 'unknown':
    case 'posix':
    case 'solaris2':
    case 'unix95':
    case 'unix98':
    case 'unix':
    case '390':
    case 'os390':
    case 's390':
      return { flags: p.includes('390') ? new Set(['J390']) : flags, preferBsd: false };
    case 'aix':
      return { flags: new Set(['FB']), preferBsd: false };
    case 'tru64':
    case 'compaq':
    case 'digital':
      return { flags: new Set(['GOOD_o', 'BSD_h', 'DIGITAL']), preferBsd: true };
    case 'sunos4':
      return { flags: new Set(['NO_DEFAULT_g', 'FB']), preferBsd: true };
    case 'irix':
    case 'sgi':
      return { flags: env._XPG && env._XPG[0]! > '0' && env._XPG[0]! <= '9' ? flags : new Set(['IRIX_l']), preferBsd: false };
    case 'hp':
    case 'hpux':
      return { flags: new Set(['HPUX_x']), preferBsd: false };
    case 'svr4':
    case 'sysv':
    case 'sco':
      return { flags: new Set(['SVR4_x']), preferBsd: false };
    default:
      return 'environment specified an unknown personality';
  }
}

function freshArgs(pers: { flags: Set<string>; preferBsd: boolean }): PsArgs {
  return {
    personality: new Set(pers.flags),
    preferBsd: pers.preferBsd,
    allProcesses: false,
    simple: new Set(),
    selections: [],
    negate: false,
    runningOnly: false,
    formatFlags: new Set(),
    formatModifiers: new Set(),
    threadFlags: new Set(),
    forestType: '',
    headerType: 'single',
    wCount: 0,
    screenCols: null,
    screenRows: null,
    showEnv: false,
    cumulative: false,
    numeric: false,
    unixF: false,
    sf: [],
    action: null,
  };
}

/** C strtoul(str, &end, 0) that must consume everything: decimal, 0x hex, 0 octal; null otherwise. */
export function strtoulAll(s: string): number | null {
  const t = s.replace(/^[\t\n\v\f\r ]+/, '');
  let m: RegExpExecArray | null;
  let v: number;
  if ((m = /^([+-]?)0[xX]([0-9a-fA-F]+)$/.exec(t))) v = parseInt(m[2]!, 16) * (m[1] === '-' ? -1 : 1);
  else if ((m = /^([+-]?)0([0-7]*)$/.exec(t))) v = (m[2] ? parseInt(m[2], 8) : 0) * (m[1] === '-' ? -1 : 1);
  else if ((m = /^([+-]?)([1-9][0-9]*)$/.exec(t))) v = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  else return null;
  // strtoul wraps negative numbers around 2^64; what matters to ps is that they are huge.
  return v < 0 ? 2 ** 64 + v : v;
}

/**
 * procps parse_list: items separated by blank, comma or tab, none empty (a trailing separator is an error
 * too), each parsed by fn; returns an error message or the values.
 */
function parseList<T>(arg: string, fn: (item: string) => T | string, kindErr?: string): T[] | string {
  if (arg.length === 0) return kindErr ?? 'improper list';
  const items: string[] = [];
  let need = true;
  let cur = '';
  for (const ch of arg) {
    if (ch === ' ' || ch === ',' || ch === '\t') {
      if (need) return 'improper list';
      items.push(cur);
      cur = '';
      need = true;
    } else {
      cur += ch;
      need = false;
    }
  }
  if (need) return 'improper list';
  items.push(cur);
  const out: T[] = [];
  for (const it of items) {
    const v = fn(it);
    if (typeof v === 'string') return v;
    out.push(v);
  }
  return out;
}

/** Parse ps's argv (without the program name). Throws the procps usage error on failure. */
export function parsePsArgv(
  argv: readonly string[],
  look: PsLookups,
  /** The format step (./formats.ts): null, or the error that sends ps to its second, BSD reading. */
  finish: (a: PsArgs) => string | null,
  env: NodeJS.ProcessEnv = process.env,
): PsArgs {
  const pers = personalityOf(env);
  if (typeof pers === 'string') throw psUsageError(pers);
  if (!pers.flags.has('FORCE_BSD')) {
    const a = freshArgs(pers);
    const err = tryParse(argv, a, look, false, finish);
    if (err === null) return a;
    const b = freshArgs(pers);
    b.preferBsd = true;
    if (!b.personality.has('OLD_m') && !b.personality.has('BSD_m')) b.personality.add('OLD_m');
    const err2 = tryParse(argv, b, look, true, finish);
    if (err2 === null) return b;
    throw psUsageError(err);
  }
  const b = freshArgs(pers);
  const err2 = tryParse(argv, b, look, true, finish);
  if (err2 !== null) throw psUsageError(err2);
  return b;
}

/** Parse the line once; null on success, else the error message. */
function tryParse(
  argv: readonly string[],
  a: PsArgs,
  look: PsLookups,
  forceBsd: boolean,
  finish: (a: PsArgs) => string | null,
): string | null {
  try {
    new LineParser(argv, a, look, forceBsd).parseAll();
    if (a.action !== null) return null;
    const e = threadOptionCheck(a);
    if (e) return e;
    return finish(a);
  } catch (err) {
    if (err instanceof Fail) return err.message;
    throw err;
  }
}

function threadOptionCheck(a: PsArgs): string | null {
  const t = a.threadFlags;
  if (t.size === 0) {
    t.add('show_proc');
    return null;
  }
  if (a.forestType) return 'thread display conflicts with forest display';
  if (t.has('B_H') && (t.has('B_m') || t.has('U_m'))) return "thread flags conflict; can't use H with m or -m";
  if (t.has('B_m') && t.has('U_m')) return "thread flags conflict; can't use both m and -m";
  if (t.has('U_L') && t.has('U_T')) return "thread flags conflict; can't use both -L and -T";
  if (t.has('B_H')) {
    t.add('show_proc');
    t.add('loose_tasks');
  }
  if (t.has('B_m') || t.has('U_m')) {
    t.add('show_proc');
    t.add('show_task');
    t.add('show_both');
  }
  if (t.has('U_T') || t.has('U_L')) {
    if (t.has('B_m') || t.has('U_m') || t.has('B_H')) t.add('must_use');
    else t.add('show_task');
  }
  return null;
}

class LineParser {
  private i = -1;
  private flag = '';
  private pos = 0;

  constructor(
    private readonly argv: readonly string[],
    private readonly a: PsArgs,
    private readonly look: PsLookups,
    private readonly forceBsd: boolean,
  ) {}

  private fail(msg: string): never {
    throw new Fail(msg);
  }

  parseAll(): void {
    while (++this.i < this.argv.length) {
      const s = this.argv[this.i]!;
      switch (argType(s)) {
        case 'gnu':
          this.gnu(s);
          break;
        case 'sysv':
          if (!this.forceBsd) {
            this.sysv(s);
            break;
          }
          this.a.preferBsd = true;
          this.bsd(s, true);
          break;
        case 'bsd':
          this.a.preferBsd = true;
          this.bsd(s, false);
          break;
        case 'pid':
          this.a.preferBsd = true;
          this.trailingPids();
          return;
        default:
          this.fail('garbage option');
      }
    }
  }

  /** get_opt_arg: the rest of this argument, else the next argument (not empty). */
  private optArg(): string | null {
    if (this.pos + 1 < this.flag.length) return this.flag.slice(this.pos + 1);
    if (this.i + 1 >= this.argv.length) return null;
    if (this.argv[this.i + 1] === '') return null;
    return this.argv[++this.i]!;
  }

  /** The option's argument (see optArg); procps's `msg` when there is none. */
  private needArg(msg: string): string {
    const arg = this.optArg();
    if (arg === null) this.fail(msg);
    return arg;
  }

  /**
   * -o, -p, -q and BSD o, p, q: the same in both syntaxes but for the option as procps names it in its message
   * (`shown`) and the code -o's format list is filed under.
   */
  private formatOrPids(ch: 'o' | 'p' | 'q', shown: string, code: 'U_o' | 'B_o'): void {
    if (ch === 'o') this.a.sf.push({ arg: this.needArg(`format specification must follow ${shown}`), code });
    else if (ch === 'p') this.select('pid', this.needArg(`list of process IDs must follow ${shown}`), this.pid);
    else this.select('quick', this.needArg(`List of process IDs must follow ${shown}.`), this.pid);
  }

  private select(type: SelType, arg: string, fn: (s: string) => number | string | { err: string }): void {
    const r = parseList(arg, (it) => {
      const v = fn(it);
      return typeof v === 'object' ? v.err : { v };
    });
    if (typeof r === 'string') this.fail(r);
    this.a.selections.push({ type, values: r.map((x) => x.v) });
  }

  private pid = (s: string): number | { err: string } => {
    const n = strtoulAll(s);
    if (n === null) return { err: 'process ID list syntax error' };
    if (n < 1 || n > 0x7fffffff) return { err: 'process ID out of range' };
    return n;
  };

  /** A user or group as a number or a name (looked up); with `-N` an unknown name is -1, matching nobody. */
  private idOf(s: string, lookup: (name: string) => number | undefined, what: 'user' | 'group'): number | { err: string } {
    let n = strtoulAll(s);
    if (n === null) {
      const id = lookup(s);
      if (id === undefined) {
        if (!this.a.negate) return { err: `${what} name does not exist` };
        n = -1;
      } else n = id;
    }
    if (!this.a.negate && n > 0xfffffffe) return { err: `${what} ID out of range` };
    return n;
  }

  private uid = (s: string): number | { err: string } => this.idOf(s, (name) => this.look.uidOf(name), 'user');

  private gid = (s: string): number | { err: string } => this.idOf(s, (name) => this.look.gidOf(name), 'group');

  private tty = (s: string): number | { err: string } => {
    const found = (d: number | null | 'not-tty'): number | { err: string } | null => {
      if (d === null) return null;
      if (d === 'not-tty') return { err: 'list member was not a TTY' };
      return d;
    };
    if (s.startsWith('/')) return found(this.look.ttyDevice(s)) ?? { err: 'TTY could not be found' };
    for (const p of [`/dev/pts/${s}`, `/dev/${s}`, `/dev/tty${s}`, `/dev/pty${s}`, `/dev/${s}nsole`]) {
      const r = found(this.look.ttyDevice(p));
      if (r !== null) return r;
    }
    if (s === '-' || s === '?') return 0;
    if (s.length === 1 && this.look.ttyDevice(s) !== null) return 0;
    return { err: 'TTY could not be found' };
  };

  private sysv(s: string): void {
    const a = this.a;
    this.flag = s;
    for (this.pos = 1; this.pos < s.length; this.pos++) {
      const ch = s[this.pos]!;
      let arg: string | null;
      switch (ch) {
        case 'A':
        case 'e':
          a.allProcesses = true;
          break;
        case 'C':
          arg = this.needArg('list of command names must follow -C');
          this.select('comm', arg, (x) => x);
          return;
        case 'F':
          a.formatModifiers.add('F');
          a.formatFlags.add('Uf');
          a.unixF = true;
          break;
        case 'G':
          arg = this.needArg('list of real groups must follow -G');
          this.select('rgid', arg, this.gid);
          return;
        case 'H':
          a.forestType = 'u';
          break;
        case 'L':
          a.threadFlags.add('U_L');
          break;
        case 'M':
        case 'Z':
          a.formatModifiers.add('M');
          break;
        case 'N':
          a.negate = true;
          break;
        case 'O':
          arg = this.needArg('format or sort specification must follow -O');
          a.sf.push({ arg, code: 'U_O' });
          return;
        case 'P':
          a.formatModifiers.add('P');
          break;
        case 'T':
          a.threadFlags.add('U_T');
          break;
        case 'U':
          arg = this.needArg('list of real users must follow -U');
          this.select('ruid', arg, this.uid);
          return;
        case 'V':
          if (this.argv.length !== 1 || this.argv[0] !== '-V') this.fail('the option is exclusive: -V');
          a.action = 'version';
          return;
        case 'a':
          a.simple.add('U_a');
          break;
        case 'c':
          a.formatModifiers.add('c');
          break;
        case 'd':
          a.simple.add('U_d');
          break;
        case 'f':
          a.formatFlags.add('Uf');
          a.unixF = true;
          break;
        case 'g':
          arg = this.needArg('list of session leaders OR effective group names must follow -g');
          try {
            this.select('sess', arg, this.pid);
            return;
          } catch (e) {
            if (!(e instanceof Fail)) throw e;
          }
          try {
            this.select('egid', arg, this.gid);
            return;
          } catch (e) {
            if (!(e instanceof Fail)) throw e;
          }
          this.fail('list of session leaders OR effective group IDs was invalid');
        // falls through (fail never returns)
        case 'j':
          if (a.personality.has('RD') || a.personality.has('DIGITAL') || a.personality.has('J390')) a.formatFlags.add('Uj');
          else a.formatModifiers.add('j');
          break;
        case 'l':
          a.formatFlags.add('Ul');
          break;
        case 'm':
          a.threadFlags.add('U_m');
          break;
        case 'o':
        case 'p':
        case 'q':
          this.formatOrPids(ch, `-${ch}`, 'U_o');
          return;
        case 's':
          arg = this.needArg('list of session IDs must follow -s');
          this.select('sess', arg, this.pid);
          return;
        case 't':
          arg = this.needArg('list of terminals (pty, tty...) must follow -t');
          this.select('tty', arg, this.tty);
          return;
        case 'u':
          arg = this.needArg('list of users must follow -u');
          this.select('euid', arg, this.uid);
          return;
        case 'w':
          a.wCount++;
          break;
        case 'x':
          if (a.personality.has('SVR4_x')) {
            a.formatModifiers.add('y');
            break;
          }
          if (a.personality.has('HPUX_x')) {
            a.wCount += 2;
            a.unixF = true;
            break;
          }
          this.fail('must set personality to get -x option');
        // falls through (fail never returns)
        case 'y':
          a.formatModifiers.add('y');
          break;
        case '-':
          this.fail("embedded '-' among SysV options makes no sense");
        // falls through
        default:
          this.fail('unsupported SysV option');
      }
    }
  }

  private bsd(s: string, dashed: boolean): void {
    const a = this.a;
    if (dashed && !this.forceBsd) this.fail('cannot happen - problem #1');
    if (!dashed && !a.personality.has('FORCE_BSD') && this.forceBsd) {
      this.fail('second chance parse failed, not BSD or SysV');
    }
    this.flag = s;
    for (this.pos = dashed ? 1 : 0; this.pos < s.length; this.pos++) {
      const ch = s[this.pos]!;
      let arg: string | null;
      if (ch >= '0' && ch <= '9') {
        this.select('pid', s.slice(this.pos), this.pid);
        return;
      }
      switch (ch) {
        case 'H':
          a.threadFlags.add('B_H');
          break;
        case 'L':
          if (this.argv.length !== 1 || this.argv[0] !== 'L') this.fail('the option is exclusive: L');
          a.action = 'list';
          return;
        case 'M':
          a.threadFlags.add('B_m');
          break;
        case 'O':
          arg = this.needArg('format or sort specification must follow O');
          a.sf.push({ arg, code: 'B_O' });
          return;
        case 'S':
          a.cumulative = true;
          break;
        case 'T':
          a.selections.push({ type: 'tty', values: [this.look.ownTty] });
          break;
        case 'U':
          arg = this.needArg('list of users must follow U');
          this.select('euid', arg, this.uid);
          return;
        case 'V':
          if (this.argv.length !== 1 || this.argv[0] !== 'V') this.fail('the option is exclusive: V');
          a.action = 'version';
          return;
        case 'W':
          this.fail('obsolete W option not supported (you have a /dev/drum?)');
        // falls through
        case 'X':
          a.formatFlags.add('LX');
          break;
        case 'Z':
          a.formatModifiers.add('M');
          break;
        case 'a':
          a.simple.add('B_a');
          break;
        case 'c':
          break; // procps 4.0.2 records BSD c but no column reads it
        case 'e':
          a.showEnv = true;
          break;
        case 'f':
          a.forestType = 'b';
          break;
        case 'g':
          a.simple.add('B_g');
          break;
        case 'h':
          if (a.headerType !== 'single') this.fail('only one heading option may be specified');
          a.headerType = a.personality.has('BSD_h') ? 'multi' : 'none';
          break;
        case 'j':
          a.formatFlags.add('Bj');
          break;
        case 'k':
          arg = this.needArg("long sort specification must follow 'k'");
          a.sf.push({ arg, code: 'G_sort' });
          return;
        case 'l':
          a.formatFlags.add('Bl');
          break;
        case 'm':
          if (a.personality.has('OLD_m')) a.formatFlags.add('Lm');
          else if (a.personality.has('BSD_m')) a.sf.push({ arg: 'pmem', code: 'B_m' });
          else a.threadFlags.add('B_m');
          break;
        case 'n':
          a.numeric = true;
          break;
        case 'o':
        case 'p':
        case 'q':
          this.formatOrPids(ch, ch, 'B_o');
          return;
        case 'r':
          a.runningOnly = true;
          break;
        case 's':
          a.formatFlags.add('Bs');
          break;
        case 't':
          arg = this.optArg();
          if (arg === null) {
            a.selections.push({ type: 'tty', values: [this.look.ownTty] });
            return;
          }
          this.select('tty', arg, this.tty);
          return;
        case 'u':
          a.formatFlags.add('Bu');
          break;
        case 'v':
          a.formatFlags.add('Bv');
          break;
        case 'w':
          a.wCount++;
          break;
        case 'x':
          a.simple.add('B_x');
          break;
        case '-':
          this.fail("embedded '-' among BSD options makes no sense");
        // falls through
        default:
          this.fail('unsupported option (BSD syntax)');
      }
    }
  }

  /** grab_gnu_arg: after `=` or `:`, else the next argument (not empty). */
  private gnuArg(rest: string): string | null {
    if (rest.length > 0) {
      if (rest[0] !== '=' && rest[0] !== ':') return null;
      return rest.length > 1 ? rest.slice(1) : null;
    }
    if (this.i + 1 >= this.argv.length || this.argv[this.i + 1] === '') return null;
    return this.argv[++this.i]!;
  }

  private gnu(s: string): void {
    const a = this.a;
    const body = s.slice(2);
    const sl = body.search(/[:=]/);
    const name = sl < 0 ? body : body.slice(0, sl);
    const rest = sl < 0 ? '' : body.slice(sl);
    if (name.length > 15) this.fail('unknown gnu long option');
    const noArg = (msg: string): void => {
      if (rest.length > 0) this.fail(msg);
    };
    const list = (type: SelType, msg: string, fn: (x: string) => number | string | { err: string }): void => {
      const arg = this.gnuArg(rest);
      if (arg === null) this.fail(msg);
      this.select(type, arg, fn);
    };
    switch (name) {
      case 'Group':
        return list('rgid', 'list of real groups must follow --Group', this.gid);
      case 'User':
        return list('ruid', 'list of real users must follow --User', this.uid);
      case 'cols':
      case 'width':
      case 'columns': {
        const arg = this.gnuArg(rest);
        const t = arg ? strtolAll(arg) : null;
        if (t !== null && t > 0 && t < 2000000000) {
          a.screenCols = t;
          return;
        }
        return this.fail('number of columns must follow --cols, --width, or --columns');
      }
      case 'cumulative':
        noArg('option --cumulative does not take an argument');
        a.cumulative = true;
        return;
      case 'deselect':
        noArg('option --deselect does not take an argument');
        a.negate = true;
        return;
      case 'no-header':
      case 'no-headers':
      case 'no-heading':
      case 'no-headings':
      case 'noheader':
      case 'noheaders':
      case 'noheading':
      case 'noheadings':
        noArg('option --no-heading does not take an argument');
        if (a.headerType !== 'single') this.fail('only one heading option may be specified');
        a.headerType = 'none';
        return;
      case 'header':
      case 'headers':
      case 'heading':
      case 'headings':
        noArg('option --heading does not take an argument');
        if (a.headerType !== 'single') this.fail('only one heading option may be specified');
        a.headerType = 'multi';
        return;
      case 'forest':
        noArg('option --forest does not take an argument');
        a.forestType = 'g';
        return;
      case 'format': {
        const arg = this.gnuArg(rest);
        if (arg === null) this.fail('format specification must follow --format');
        a.sf.push({ arg, code: 'G_format' });
        return;
      }
      case 'group':
        return list('egid', 'list of effective groups must follow --group', this.gid);
      case 'help':
        a.action = 'help';
        a.helpTopic = this.gnuArg(rest) ?? '';
        this.i = this.argv.length;
        return;
      case 'info':
        if (this.argv.length !== 1) this.fail('the option is exclusive: --info');
        a.action = 'info';
        return;
      case 'pid':
        return list('pid', 'list of process IDs must follow --pid', this.pid);
      case 'quick-pid':
        return list('quick', 'List of process IDs must follow --quick-pid.', this.pid);
      case 'ppid':
        return list('ppid', 'list of process IDs must follow --ppid', this.pid);
      case 'rows':
      case 'lines': {
        const arg = this.gnuArg(rest);
        const t = arg ? strtolAll(arg) : null;
        if (t !== null && t > 0 && t < 2000000000) {
          a.screenRows = t;
          return;
        }
        return this.fail('number of rows must follow --rows or --lines');
      }
      case 'sid':
        return list('sess', 'some sid thing(s) must follow --sid', this.pid);
      case 'sort': {
        const arg = this.gnuArg(rest);
        if (arg === null) this.fail('long sort specification must follow --sort');
        a.sf.push({ arg, code: 'G_sort' });
        return;
      }
      case 'tty':
        return list('tty', 'list of ttys must follow --tty', this.tty);
      case 'user':
        return list('euid', 'list of effective users must follow --user', this.uid);
      case 'version':
        if (this.argv.length !== 1) this.fail('the option is exclusive: --version');
        a.action = 'version';
        return;
      case 'context':
        a.formatFlags.add('Fc');
        return;
      default:
        this.fail('unknown gnu long option');
    }
  }

  /** Trailing `PID`, `-PGRP` and `+SID` arguments: everything from here on. */
  private trailingPids(): void {
    const pids: number[] = [];
    const grps: number[] = [];
    const sids: number[] = [];
    for (; this.i < this.argv.length; this.i++) {
      const d = this.argv[this.i]!;
      const target = d[0] === '-' ? grps : d[0] === '+' ? sids : pids;
      const v = this.pid(d[0] === '-' || d[0] === '+' ? d.slice(1) : d);
      if (typeof v === 'object') this.fail(v.err);
      target.push(v);
    }
    if (pids.length) this.a.selections.push({ type: 'pid', values: pids });
    if (grps.length) this.a.selections.push({ type: 'pgrp', values: grps });
    if (sids.length) this.a.selections.push({ type: 'sess', values: sids });
  }
}

function strtolAll(s: string): number | null {
  const v = strtoulAll(s);
  return v === null || v >= 2 ** 63 ? null : v;
}

function argType(s: string): 'gnu' | 'sysv' | 'bsd' | 'pid' | 'fail' {
  const c0 = s[0] ?? '';
  if (/[a-zA-Z]/.test(c0)) return 'bsd';
  if (/[0-9]/.test(c0) || c0 === '+') return 'pid';
  if (c0 !== '-') return 'fail';
  const c1 = s[1] ?? '';
  if (/[a-zA-Z]/.test(c1)) return 'sysv';
  if (/[0-9]/.test(c1)) return 'pid';
  if (c1 !== '-') return 'fail';
  const c2 = s[2] ?? '';
  if (/[a-zA-Z]/.test(c2)) return 'gnu';
  return 'fail';
}
