import type { ProcessRow } from '../../core/process.js';
import { psSpec } from '../../fields/ps-specs.js';
import type { Field } from '../../fields/registry.js';
import { justOf, type PsNode } from '../../format/ps-show.js';
import type { PsArgs, SfNode } from './argv.js';
import { diagPrefix } from '../drop-in.js';

/*
 * ps's format and sort lists (procps sortformat.c semantics, reimplemented): -o/o/--format items
 * `spec[:WIDTH][=HEADER]`, AIX `%p %c` descriptors, macros, -O/O (pid, your columns, then the default tail),
 * the classic formats (-f -l -j -F -y -c, BSD j l s u v X), PS_FORMAT, --sort/k and O's one-letter sort codes.
 */

/** Named column lists of procps (output.c macro_array). */
const MACROS: Record<string, string> = {
  DFMT: 'pid,tname,state,cputime,cmd',
  DefBSD: 'pid,tname,stat,bsdtime,args',
  DefSysV: 'pid,tname,time,cmd',
  END_BSD: 'state,tname,cputime,comm',
  END_SYS5: 'state,tname,time,command',
  F5FMT: 'uname,pid,ppid,c,start,tname,time,cmd',
  FB_: 'pid,tt,stat,time,command',
  FB_j: 'user,pid,ppid,pgid,sess,jobc,stat,tt,time,command',
  FB_l: 'uid,pid,ppid,cpu,pri,nice,vsz,rss,wchan,stat,tt,time,command',
  FB_u: 'user,pid,pcpu,pmem,vsz,rss,tt,stat,start,time,command',
  FB_v: 'pid,stat,time,sl,re,pagein,vsz,rss,lim,tsiz,pcpu,pmem,command',
  FD_: 'pid,tty,time,comm',
  FD_f: 'user,pid,ppid,start_time,tty,time,comm',
  FD_fj: 'user,pid,ppid,start_time,tty,time,pgid,sid,comm',
  FD_j: 'pid,tty,time,pgid,sid,comm',
  FD_l: 'flags,state,uid,pid,ppid,priority,nice,vsz,wchan,tty,time,comm',
  FD_lj: 'flags,state,uid,pid,ppid,priority,nice,vsz,wchan,tty,time,pgid,sid,comm',
  FL5FMT: 'f,state,uid,pid,ppid,pcpu,pri,nice,rss,wchan,start,time,command',
  FLASK_context: 'pid,context,command',
  HP_: 'pid,tty,time,comm',
  HP_f: 'user,pid,ppid,cpu,stime,tty,time,args',
  HP_fl: 'flags,state,user,pid,ppid,cpu,intpri,nice,addr,sz,wchan,stime,tty,time,args',
  HP_l: 'flags,state,uid,pid,ppid,cpu,intpri,nice,addr,sz,wchan,tty,time,comm',
  J390: 'pid,sid,pgrp,tname,atime,args',
  JFMT: 'user,pid,ppid,pgid,sess,jobc,state,tname,cputime,command',
  L5FMT: 'f,state,uid,pid,ppid,c,pri,nice,addr,sz,wchan,tt,time,ucmd',
  LFMT: 'uid,pid,ppid,cp,pri,nice,vsz,rss,wchan,state,tname,cputime,command',
  OL_X: 'pid,start_stack,esp,eip,timeout,alarm,stat,tname,bsdtime,args',
  OL_j: 'ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args',
  OL_l: 'flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args',
  OL_m: 'pid,tname,majflt,minflt,m_trs,m_drs,m_size,m_swap,rss,m_share,vm_lib,m_dt,args',
  OL_s: 'uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args',
  OL_u: 'user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args',
  OL_v: 'pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args',
  RD_: 'pid,tname,state,bsdtime,comm',
  RD_f: 'uid,pid,ppid,start_time,tname,bsdtime,args',
  RD_fj: 'uid,pid,ppid,start_time,tname,bsdtime,pgid,sid,args',
  RD_j: 'pid,tname,state,bsdtime,pgid,sid,comm',
  RD_l: 'flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,comm',
  RD_lj: 'flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,pgid,sid,comm',
  RUSAGE: 'minflt,majflt,nswap,inblock,oublock,msgsnd,msgrcv,nsigs,nvcsw,nivcsw',
  SCHED: 'user,pcpu,pri,usrpri,nice,psxpri,psr,policy,pset',
  SFMT: 'uid,pid,cursig,sig,sigmask,sigignore,sigcatch,stat,tname,command',
  Std_f: 'uid_hack,pid,ppid,c,stime,tname,time,cmd',
  Std_fl: 'f,s,uid_hack,pid,ppid,c,opri,ni,addr,sz,wchan,stime,tname,time,cmd',
  Std_l: 'f,s,uid,pid,ppid,c,opri,ni,addr,sz,wchan,tname,time,ucmd',
  THREAD: 'user,pcpu,pri,scnt,wchan,usertime,systime',
  UFMT: 'uname,pid,pcpu,pmem,vsz,rss,tt,state,start,time,command',
  VFMT: 'pid,tt,state,time,sl,pagein,vsz,rss,pcpu,pmem,command',};

const AIX: Record<string, [string, string]> = {
  C: ['pcpu', '%CPU'], G: ['group', 'GROUP'], P: ['ppid', 'PPID'], U: ['user', 'USER'], a: ['args', 'COMMAND'],
  c: ['comm', 'COMMAND'], g: ['rgroup', 'RGROUP'], n: ['nice', 'NI'], p: ['pid', 'PID'], r: ['pgid', 'PGID'],
  t: ['etime', 'ELAPSED'], u: ['ruser', 'RUSER'], x: ['time', 'TIME'], y: ['tty', 'TTY'], z: ['vsz', 'VSZ'],
};

const SHORT_SORT: Record<string, string> = {
  C: 'pcpu', G: 'tpgid', J: 'cstime', M: 'maj_flt', N: 'cmaj_flt', P: 'ppid', R: 'resident', S: 'share',
  T: 'start_time', U: 'uid', c: 'cmd', f: 'flags', g: 'pgrp', j: 'cutime', k: 'utime', m: 'min_flt',
  n: 'cmin_flt', o: 'session', p: 'pid', r: 'rss', s: 'size', t: 'tty', u: 'user', v: 'vsize', y: 'priority',
};

/** One sort key. */
export interface PsSortKey {
  field: Field<ProcessRow>;
  desc: boolean;
}

/** The columns and sort order of a ps run. */
export interface PsFormats {
  nodes: PsNode[];
  /** Keys in the order procps applies them (a stable sort each; the last applied is the primary key). */
  sortApply: PsSortKey[];
}

class FmtError extends Error {}

/** do_one_spec: a specifier or macro as nodes (macros expand, every part taking the header override). */
function oneSpec(spec: string, override: string | null, pidDigits: number): PsNode[] | null {
  const f = psSpec(spec);
  if (f) {
    let w = f.width;
    if (f.pidColumn) w = Math.max(pidDigits, f.header.length);
    const header = override ?? f.header;
    if (override !== null) w = Math.max(w, Buffer.byteLength(override));
    return [{ field: f, header, width: w, just: justOf(f) }];
  }
  const m = MACROS[spec];
  if (m !== undefined && Object.prototype.hasOwnProperty.call(MACROS, spec)) {
    return m.split(',').flatMap((s) => oneSpec(s, override, pidDigits) ?? []);
  }
  return null;
}

function aixParse(sf: string, pidDigits: number): PsNode[] {
  // procps's validating state machine; note it counts a descriptor's letter as a text item too, so a
  // format ending in a descriptor gets an empty text column at the end (and its last column is cut).
  let items = 0;
  let w = 0;
  let c = sf[w++];
  for (;;) {
    if (c !== '%') {
      if (c === undefined) break;
      items++;
      let toDesc = false;
      for (;;) {
        c = sf[w++];
        if (c === '%') {
          toDesc = true;
          break;
        }
        if (c === ' ') continue;
        if (c !== undefined) throw new FmtError('improper AIX field descriptor');
        break;
      }
      if (!toDesc) break;
    }
    items++;
    c = sf[w++];
    if (c === undefined || c === ' ') throw new FmtError('missing AIX field descriptor');
  }
  const out: PsNode[] = [];
  let walk = 0;
  while (items-- > 0) {
    if (sf[walk] === '%') {
      walk++;
      if (sf[walk] === '%') throw new FmtError('missing AIX field descriptor');
      const d = AIX[sf[walk] ?? ''];
      walk++;
      if (!d) throw new FmtError('unknown AIX field descriptor');
      out.push(...oneSpec(d[0], d[1], pidDigits)!);
    } else {
      let end = sf.indexOf('%', walk);
      if (end < 0) end = sf.length;
      const text = sf.slice(walk, end);
      walk = end;
      out.push({ field: null, header: text, width: text.length, just: 'aix' });
    }
  }
  return out;
}

/** format_parse: a comma/blank list of `spec[:W][=HEADER]`; AIX descriptors when that fails and `%` is in it. */
export function formatParse(sf: string, pidDigits: number): PsNode[] {
  try {
    return formatParseList(sf, pidDigits);
  } catch (err) {
    if (err instanceof FmtError && sf.includes('%')) return aixParse(sf, pidDigits);
    throw err;
  }
}

/**
 * procps's first pass over a format or sort list: items separated by single blanks, commas, tabs or newlines.
 * Two separators in a row, a leading one or an empty list is `improper` (`empty` for an empty string); one
 * trailing separator is allowed and cut off. Returns the item count and the list without that separator.
 */
function countListItems(sf: string, kind: 'format' | 'sort'): { items: number; list: string } {
  const isSep = (c: string): boolean => c === ' ' || c === ',' || c === '\t' || c === '\n';
  let need = true;
  let items = 0;
  for (let i = 0; i < Math.max(1, sf.length); i++) {
    const c = sf[i] ?? '';
    if (c === '' || isSep(c)) {
      if (need) throw new FmtError(kind === 'format' && items === 0 && sf.length === 0 ? 'empty format list' : `improper ${kind} list`);
      need = true;
    } else {
      if (need) items++;
      need = false;
    }
  }
  if (items === 0) throw new FmtError(`empty ${kind} list`);
  return { items, list: need ? sf.slice(0, -1) : sf };
}

function formatParseList(sf: string, pidDigits: number): PsNode[] {
  const counted = countListItems(sf, 'format');
  let items = counted.items;
  let buf = counted.list;
  const out: PsNode[] = [];
  while (items-- > 0) {
    let item: string;
    const m = /[ ,\t\n]/.exec(buf);
    if (items > 0 && m) {
      item = buf.slice(0, m.index);
      buf = buf.slice(m.index + 1);
    } else {
      item = buf;
      buf = m ? buf.slice(m.index + 1) : '';
    }
    const eq = item.indexOf('=');
    let name = eq >= 0 ? item.slice(0, eq) : item;
    const header = eq >= 0 ? item.slice(eq + 1) : null;
    const colon = name.indexOf(':');
    let width: number | null = null;
    if (colon >= 0) {
      const w = name.slice(colon + 1);
      name = name.slice(0, colon);
      if (!/^[0-9]+$/.test(w) || w[0] === '0' || Number(w) <= 0) {
        throw new FmtError('column widths must be unsigned decimal numbers');
      }
      width = Number(w);
    }
    const nodes = oneSpec(name, header, pidDigits);
    if (!nodes) throw new FmtError(`unknown user-defined format specifier "${name}"`);
    if (width !== null) {
      if (nodes.length > 1) throw new FmtError('can not set width for a macro (multi-column) format specifier');
      nodes[0]!.width = width;
    }
    out.push(...nodes);
  }
  return out;
}

function sortSpec(spec: string): PsSortKey | null {
  let desc = false;
  let name = spec;
  if (name.startsWith('-')) {
    desc = true;
    name = name.slice(1);
  } else if (name.startsWith('+')) name = name.slice(1);
  const f = psSpec(name);
  return f ? { field: f, desc } : null;
}

/** long_sort_parse: keys in the order the user gave them (first is primary). */
function longSortParse(sf: string): PsSortKey[] {
  const list = countListItems(sf, 'sort').list.split(/[ ,\t\n]/);
  return list.map((s) => {
    const k = sortSpec(s);
    if (!k) throw new FmtError('unknown sort specifier');
    return k;
  });
}

function verifyShortSort(arg: string, a: PsArgs): string | null {
  if (!/^[CGJKMNPRSTUcfgjkmnoprstuvy+-]*$/.test(arg)) return 'bad sorting code';
  const seen = new Set<string>();
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i]!;
    if (c === '+' || c === '-') {
      const n = arg[i + 1];
      if (!n || n === '+' || n === '-') return 'bad sorting code';
      continue;
    }
    if (c === 'P' && a.forestType) return 'PPID sort and forest output conflict';
    if (seen.has(c)) return 'bad sorting code';
    seen.add(c);
  }
  return null;
}

function shortSortParse(arg: string): PsSortKey[] {
  let desc = false;
  const out: PsSortKey[] = [];
  for (const c of arg) {
    if (c === '+') desc = false;
    else if (c === '-') desc = true;
    else {
      const name = SHORT_SORT[c];
      const k = name ? sortSpec(name) : null;
      if (!k) throw new FmtError('unknown sort specifier');
      k.desc = desc;
      out.push(k);
      desc = false;
    }
  }
  return out;
}

function oWrap(nodes: PsNode[], kind: 'b' | 'u', pidDigits: number): PsNode[] {
  return [...oneSpec('pid', null, pidDigits)!, ...nodes, ...oneSpec(kind === 'b' ? 'END_BSD' : 'END_SYS5', null, pidDigits)!];
}

/**
 * process_sf_options and select_bits_setup: the columns and sort keys, or the error message (which makes ps
 * retry the whole line as BSD).
 */
export function buildFormats(a: PsArgs, env: NodeJS.ProcessEnv, pidDigits: number): PsFormats | string {
  try {
    const r = build(a, env, pidDigits);
    const e = selectBitsSetup(a);
    if (e) return e;
    return r;
  } catch (err) {
    if (err instanceof FmtError) return err.message;
    throw err;
  }
}

function build(a: PsArgs, env: NodeJS.ProcessEnv, pd: number): PsFormats {
  let formatted: PsNode[] | null = null;
  let parsedFormat = false;
  let parsedSort = false;
  const haveGnuSort = a.sf.some((s) => s.code === 'G_sort');
  const sortBlocks: PsSortKey[][] = [];
  const formatBlocks: PsNode[][] = [];
  for (const sf of a.sf) one(sf);
  function one(sf: SfNode): void {
    switch (sf.code) {
      case 'B_o':
      case 'G_format':
      case 'U_o':
        formatBlocks.push(formatParse(sf.arg, pd));
        parsedFormat = true;
        return;
      case 'U_O':
        if (parsedFormat) throw new FmtError('option -O can not follow other format options');
        formatBlocks.push(oWrap(formatParse(sf.arg, pd), 'u', pd));
        parsedFormat = true;
        return;
      case 'B_O': {
        let err = haveGnuSort || parsedSort ? 'multiple sort options' : verifyShortSort(sf.arg, a);
        if (!err) {
          sortBlocks.push(shortSortParse(sf.arg));
          parsedSort = true;
          return;
        }
        if (parsedFormat) err = 'option O is neither first format nor sort order';
        else {
          try {
            formatBlocks.push(oWrap(formatParse(sf.arg, pd), 'b', pd));
            parsedFormat = true;
            return;
          } catch (e) {
            if (!(e instanceof FmtError)) throw e;
          }
        }
        throw new FmtError(err);
      }
      case 'G_sort':
      case 'B_m':
        if (parsedSort) throw new FmtError('multiple sort options');
        parsedSort = true;
        sortBlocks.push(longSortParse(sf.arg));
        return;
    }
  }
  if (formatBlocks.length > 0) formatted = formatBlocks.flat();
  // procps applies the keys of each option last-first; the first option's first key ends up primary.
  const sortApply = sortBlocks.flatMap((b) => [...b].reverse());

  const ff = a.formatFlags;
  const fm = a.formatModifiers;
  if (ff.size === 0 && fm.size === 0 && formatted === null) {
    const tmp = env.PS_FORMAT;
    if (tmp) {
      if (a.threadFlags.has('must_use')) {
        throw new FmtError('tell <procps@freelists.org> what you want (-L/-T, -m/m/H, and $PS_FORMAT)');
      }
      try {
        return { nodes: formatParse(tmp, pd), sortApply };
      } catch (e) {
        if (!(e instanceof FmtError)) throw e;
        process.stderr.write(`${diagPrefix('ps')}warning: $PS_FORMAT ignored. (${e.message})\n`);
      }
    }
  }
  if (formatted !== null) {
    if (ff.size > 0) throw new FmtError('conflicting format options');
    if (fm.size > 0) throw new FmtError('can not use output modifiers with user-defined output');
    if (a.threadFlags.has('must_use')) throw new FmtError('-L/-T with H/m/-m and -o/-O/o/O is nonsense');
    return { nodes: formatted, sortApply };
  }
  // generate_sysv_list applies the modifiers itself; the named formats get them afterwards.
  const named = classicSpec(a);
  if (named === null) return { nodes: sysvList(a, pd), sortApply };
  return { nodes: modify(oneSpec(named, null, pd)!, a, pd), sortApply };
}

function personalityFormat(a: PsArgs, flag: string): string | null {
  const p = a.personality;
  const bsd = p.has('FB') ? 'FB' : p.has('DIGITAL') ? 'DIGITAL' : 'OL';
  const table: Record<string, Record<string, string>> = {
    OL: { Bj: 'OL_j', Bl: 'OL_l', Bs: 'OL_s', Bu: 'OL_u', Bv: 'OL_v' },
    FB: { Bj: 'FB_j', Bl: 'FB_l', Bs: 'OL_s', Bu: 'FB_u', Bv: 'FB_v' },
    DIGITAL: { Bj: 'JFMT', Bl: 'LFMT', Bs: 'SFMT', Bu: 'UFMT', Bv: 'VFMT' },
  };
  if (flag.startsWith('B')) return table[bsd]![flag]!;
  const sysv: Record<string, string | null> = p.has('RD')
    ? { f: 'RD_f', fl: null, j: 'RD_j', l: 'RD_l' }
    : p.has('DIGITAL')
      ? { f: 'F5FMT', fl: 'FL5FMT', j: 'JFMT', l: 'L5FMT' }
      : p.has('J390')
        ? { f: null, fl: null, j: 'J390', l: null }
        : { f: null, fl: null, j: null, l: null };
  return sysv[flag] ?? null;
}

/** The format flags (sorted, joined) -> the named format; 'sysv' builds the UNIX list, a function asks the personality. */
const CLASSIC: Record<string, string | ((a: PsArgs) => string | null)> = {
  '': 'sysv',
  'Uf|Ul': (a) => personalityFormat(a, 'fl'),
  Uf: (a) => personalityFormat(a, 'f'),
  Ul: (a) => personalityFormat(a, 'l'),
  Uj: (a) => personalityFormat(a, 'j'),
  'Uj|Ul': 'RD_lj',
  'Uf|Uj': 'RD_fj',
  Bj: (a) => personalityFormat(a, 'Bj'),
  Bl: (a) => personalityFormat(a, 'Bl'),
  Bs: (a) => personalityFormat(a, 'Bs'),
  Bu: (a) => personalityFormat(a, 'Bu'),
  Bv: (a) => personalityFormat(a, 'Bv'),
  LX: 'OL_X',
  Lm: 'OL_m',
  Fc: 'FLASK_context',
};

function classicSpec(a: PsArgs): string | null {
  const c = CLASSIC[[...a.formatFlags].sort().join('|')];
  if (c === undefined) throw new FmtError('conflicting format options');
  if (c === 'sysv') return null;
  return typeof c === 'function' ? c(a) : c;
}

/** generate_sysv_list: the UNIX default, -f, -l, -F, -j, -y, -c, -L, -T, -M columns. */
function sysvList(a: PsArgs, pd: number): PsNode[] {
  const ff = a.formatFlags;
  const fm = a.formatModifiers;
  const p = a.personality;
  const t = a.threadFlags;
  if (fm.has('y') && !ff.has('Ul')) throw new FmtError('modifier -y without format -l makes no sense');
  const rev: string[] = [];
  const push = (s: string): void => {
    rev.push(s);
  };
  if (a.preferBsd) {
    push(ff.size > 0 ? 'cmd' : 'args');
    push('bsdtime');
    if (!ff.has('Ul')) push('stat');
  } else {
    push(ff.has('Uf') ? 'cmd' : 'ucmd');
    push('time');
  }
  push('tname');
  if (ff.has('Uf')) push('stime');
  if (fm.has('F')) {
    if (!fm.has('P')) push('psr');
    if (!(ff.has('Ul') && fm.has('y'))) push('rss');
  }
  if (ff.has('Ul')) push('wchan');
  const irixColon = ff.has('Ul') && !fm.has('y') && p.has('IRIX_l');
  if (irixColon) {
    push('sgi_rss');
    push(':');
  }
  if (fm.has('F') || ff.has('Ul')) push('sz');
  if (ff.has('Ul')) {
    if (fm.has('y')) push('rss');
    else if (p.has('ZAP_ADDR') || p.has('IRIX_l')) push('sgi_p');
    else push('addr_1');
  }
  if (fm.has('c')) {
    push('pri');
    push('class');
  } else if (ff.has('Ul')) {
    push('ni');
    push(p.has('IRIX_l') ? 'priority' : 'opri');
  }
  if (t.has('U_L') && ff.has('Uf')) push('nlwp');
  if ((ff.has('Uf') || ff.has('Ul')) && !fm.has('c')) push('c');
  if (fm.has('P')) push('psr');
  if (t.has('U_L')) push('lwp');
  if (fm.has('j')) {
    push('sid');
    push('pgid');
  }
  if (ff.has('Uf') || ff.has('Ul')) push('ppid');
  if (t.has('U_T')) push('spid');
  push('pid');
  if (ff.has('Uf')) push(p.has('SANE_USER') ? 'user' : 'uid_hack');
  else if (ff.has('Ul')) push('uid');
  if (ff.has('Ul')) {
    push('s');
    if (!fm.has('y')) push('f');
  }
  if (fm.has('M')) push('label');
  return rev.reverse().flatMap((s) =>
    s === ':' ? [{ field: null, header: ':', width: 1, just: 'aix' as const }] : oneSpec(s, null, pd)!);
}

/** The modifiers applied to a named format (procps: -j, -y, -c, -T, -L, -M on e.g. `ps l`). */
function modify(list: PsNode[], a: PsArgs, pd: number): PsNode[] {
  const fm = a.formatModifiers;
  const t = a.threadFlags;
  const p = a.personality;
  const find = (name: string): number => list.findIndex((n) => n.header === name);
  const addAfter = (name: string, spec: string): boolean => {
    const i = find(name);
    if (i < 0) return false;
    list.splice(i + 1, 0, ...oneSpec(spec, null, pd)!);
    return true;
  };
  const del = (name: string): boolean => {
    const i = find(name);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  };
  if (fm.has('j')) {
    if (!addAfter('PPID', 'pgid') && !addAfter('PID', 'pgid')) throw new FmtError('internal error: no PID or PPID for -j option');
    if (!addAfter('PGID', 'sid')) throw new FmtError('lost my PGID');
  }
  if (fm.has('y')) {
    del('F');
    if (addAfter('ADDR', 'rss')) del('ADDR');
  }
  if (fm.has('c')) {
    for (const h of ['%CPU', 'CPU', 'CP', 'C', 'NI']) del(h);
    if (!addAfter('PRI', 'class')) throw new FmtError('internal error: no PRI for -c option');
    del('PRI');
    if (!addAfter('CLS', 'pri')) throw new FmtError('lost my CLS');
  }
  if (t.has('U_T')) {
    if (!addAfter('PID', 'spid') && t.has('must_use')) throw new FmtError('-T with H/-m/m but no PID for SPID to follow');
  }
  if (t.has('U_L')) {
    const ok = ['SID', 'SESS', 'PGID', 'PGRP', 'PPID', 'PID'].some((h) => addAfter(h, 'lwp'));
    if (!ok && t.has('must_use')) throw new FmtError('-L with H/-m/m but no PID/PGID/SID/SESS for NLWP to follow');
    addAfter('%CPU', 'nlwp');
  }
  if (fm.has('M')) list.unshift(...oneSpec('label', null, pd)!);
  if (p.has('ZAP_ADDR') && a.formatFlags.has('Ul')) {
    if (addAfter('ADDR', 'sgi_p')) del('ADDR');
  }
  if (p.has('SANE_USER') && a.formatFlags.has('Uf')) {
    if (addAfter('UID', 'user')) del('UID');
  }
  return list;
}

/** The simple selections (-a -d, BSD a x g) as procps's bit table; null means every process. */
export type SelectBits = number | null;

function selectBitsSetup(a: PsArgs): string | null {
  a.selectBits = computeSelectBits(a);
  return typeof a.selectBits === 'string' ? a.selectBits : null;
}

function computeSelectBits(a: PsArgs): number | null | string {
  const s = a.simple;
  if (s.size === 0 && !a.preferBsd) return 0xaa00;
  const set = new Set(s);
  if (!a.personality.has('NO_DEFAULT_g') && !s.has('U_a') && !s.has('U_d')) set.add('B_g');
  const key = [...set].sort().join('|');
  switch (key) {
    case 'U_a|U_d':
      return 0x3f3f;
    case 'U_a':
      return 0x0303;
    case 'U_d':
      return 0x3333;
    case '':
      return 0x0202;
    case 'B_a':
      return 0x0303;
    case 'B_x':
      return 0x2222;
    case 'B_a|B_x':
      return 0x3333;
    case 'B_g':
      return 0x0a0a;
    case 'B_a|B_g':
      return 0x0f0f;
    case 'B_g|B_x':
      return 0xaaaa;
    case 'B_a|B_g|B_x':
      a.allProcesses = true;
      a.simple.clear();
      return null;
    default:
      return 'process selection options conflict';
  }
}
