import { ToolError } from '../core/errors.js';
import { escapeHexBytes } from '../format/escape.js';
import { ToolUsageText, viaLink } from './drop-in.js';

/**
 * What lsblk and findmnt (both libsmartcols programs) share on the command line: their JSON switches and
 * their `-o` column lists.
 */

/** How a libsmartcols table is printed, from the switches both tools spell alike. */
export interface ScolsOutput {
  /** -l: a list instead of the tree. */
  list: boolean;
  /** -r: raw cells, one space apart. */
  raw: boolean;
  /** -P: key="value" pairs. */
  pairs: boolean;
  /** -n: no header line. */
  noHeadings: boolean;
  /** The tool's own `-J` text. */
  json: boolean;
  /** sysmon's compact JSON document in base units (`--json` under sysmon). */
  sysmonJson: boolean;
  /** -i (lsblk) / -a (findmnt): the tree in ASCII. */
  ascii: boolean;
  /** -y: headers as shell variable names. */
  shell: boolean;
}

/** The raw commander values of those switches. */
export interface RawScolsOutput {
  list?: boolean;
  raw?: boolean;
  pairs?: boolean;
  noheadings?: boolean;
  J?: boolean;
  json?: boolean;
  ascii?: boolean;
  shell?: boolean;
}

/**
 * `-J` is always the tool's JSON text; `--json` is the tool's too through a multi-call link (`lsblk --json`),
 * and sysmon's compact document in base units under `sysmon lsblk`/`sysmon mounts`.
 */
export function jsonModes(raw: { J?: boolean; json?: boolean }): { json: boolean; sysmonJson: boolean } {
  const J = raw.J ?? false;
  const json = raw.json ?? false;
  return { json: J || (json && viaLink()), sysmonJson: json && !viaLink() && !J };
}

/** The output switches as booleans, JSON resolved as {@link jsonModes} says. */
export function scolsOutput(raw: RawScolsOutput): ScolsOutput {
  return {
    list: raw.list ?? false, raw: raw.raw ?? false, pairs: raw.pairs ?? false, noHeadings: raw.noheadings ?? false,
    ...jsonModes(raw), ascii: raw.ascii ?? false, shell: raw.shell ?? false,
  };
}

/**
 * An `-o LIST` (util-linux string_add_to_idarray): the named columns instead of `base`, or with a leading `+`
 * after them. An empty list fails without a word; an unknown name fails naming the rest of the list from it
 * on (`unknown column: NOSUCH,SIZE`), exit 1.
 */
export function parseColumnList<F>(list: string, base: readonly F[], find: (name: string) => F | undefined): F[] {
  if (list === '' || list === '+') throw new ToolUsageText('', 1);
  const append = list.startsWith('+');
  const names = append ? list.slice(1) : list;
  const fields: F[] = append ? [...base] : [];
  let rest = names;
  for (const name of names.split(',')) {
    const f = find(name);
    if (f === undefined) throw new ToolError(`unknown column: ${escapeHexBytes(rest)}`, 1);
    fields.push(f);
    rest = rest.slice(name.length + 1);
  }
  return fields;
}

/** Switches that keep their commander name, each as a boolean (absent is false). */
export function flagsOf<R extends object, K extends keyof R & string>(raw: R, keys: readonly K[]): Record<K, boolean> {
  const out = {} as Record<K, boolean>;
  for (const k of keys) out[k] = raw[k] === true;
  return out;
}

/**
 * The width libsmartcols fits a table to: the forced one (lsblk -w N, N > 0); on a terminal its columns
 * (TIOCGWINSZ), else COLUMNS, else 80; null when stdout is not a terminal (no fitting at all).
 */
export function scolsTermWidth(forced: number | null = null): number | null {
  if (forced !== null && forced > 0) return forced;
  if (!process.stdout.isTTY) return null;
  const cols = process.stdout.columns;
  if (cols !== undefined && cols > 0) return cols;
  const env = process.env.COLUMNS;
  if (env !== undefined && /^\d+$/.test(env) && Number(env) > 0 && Number(env) <= 0x7fffffff) return Number(env);
  return 80;
}

/** util-linux strtos32_or_err: a base-10 number that fits in 32 bits, signed; else `MESSAGE: 'TEXT'`, exit 1. */
export function strtos32OrErr(text: string, message: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  const quoted = `${message}: '${escapeHexBytes(text)}'`;
  if (!m) throw new ToolError(quoted, 1);
  const n = Number(m[1]);
  if (n > 0x7fffffff || n < -0x80000000) throw new ToolError(`${quoted}: Numerical result out of range`, 1);
  return n;
}

/**
 * util-linux strtou32_or_err: a base-10 number from 0 to 2^32-1, blanks and a `+` allowed before it; else
 * `MESSAGE: 'TEXT'` (with `: Numerical result out of range` for a negative or too large one), exit 1.
 */
export function strtou32OrErr(text: string, message: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  const quoted = `${message}: '${escapeHexBytes(text)}'`;
  if (!m) throw new ToolError(quoted, 1);
  const n = Number(m[2]);
  if (m[1] === '-' || n > 0xffffffff) throw new ToolError(`${quoted}: Numerical result out of range`, 1);
  return n;
}

/**
 * An option with an optional value that util-linux takes only attached (`-TSIZE`, `--tree=SIZE`,
 * `--poll=umount`): commander also takes the next word (`-T /dev/vda`), which then goes back among the
 * positional arguments, where it was in argv. Returns the value, true when given without one, or undefined.
 */
export function attachedOptional(v: string | boolean | undefined, short: string, long: string, positionals: string[]): string | true | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return true;
  const argv = process.argv;
  const attached = argv.some((a) => a === `--${long}=${v}` || (/^-[^-]/.test(a) && a.endsWith(`${short}${v}`)));
  if (attached) return v;
  const at = argv.indexOf(v);
  const before = argv.slice(0, at).filter((a) => positionals.includes(a)).length;
  positionals.splice(before, 0, v);
  return true;
}

/**
 * util-linux's groups of options that exclude each other (an ul_excl_t table, in its order), each member as
 * [is it given, its long name]: two of one group given fail naming the whole group, exit 1.
 */
export function checkExclusive(groups: readonly (readonly (readonly [boolean, string])[])[]): void {
  for (const g of groups) {
    if (g.filter(([on]) => on).length > 1) {
      throw new ToolError(`mutually exclusive arguments: ${g.map(([, name]) => `--${name}`).join(' ')}`, 1);
    }
  }
}
