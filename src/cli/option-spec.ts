import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/**
 * A command's options written once, for two readers: commander, which gets them at registration (help texts,
 * every error message, abbreviations nobody else handles) and {@link quickParse}, which reads the plain command
 * lines scripts and `watch` run (`free -h`, `df -hT /`, `top -bn1`) before commander is even loaded. Building
 * commander's program and parsing with it costs a one-shot ~5 M instructions of its ~20 M over `node -e 0`.
 *
 * The quick reading gives up (returns null) on anything it does not read exactly as commander does: an option
 * it does not know (help, -V, a typo), a missing value, `--`, an optional value without `=`; the command line
 * then goes to commander, which says what is wrong. test/cli/quick-argv.test.ts holds the two readings equal.
 */

/** One option, in commander's terms. */
export interface OptionSpec {
  /** commander's flags: `-s, --seconds <N>` (value required), `--output [LIST]` (optional), `-k` (none). */
  readonly flags: string;
  /** The help line. */
  readonly description: string;
  /** Folds one occurrence's value into what earlier ones gave (commander's argParser), e.g. to collect a list. */
  readonly parse?: (value: string, previous: unknown) => unknown;
  /** The value when the option is not given (commander's default). */
  readonly defaultValue?: string;
  /** Left out of the help (commander's hideHelp). */
  readonly hidden?: boolean;
}

/** The parts of an option's flags the readers need. */
export interface OptionShape {
  /** `-s`, or null. */
  readonly short: string | null;
  /** `--seconds`, or null. */
  readonly long: string | null;
  /** Whether the option takes a value: never, always, or only when attached (`--output=LIST`, `-w80`). */
  readonly value: 'none' | 'required' | 'optional';
  /** commander's name(): the long flag without dashes, else the short letter (`seconds`, `k`). */
  readonly name: string;
  /** commander's attributeName(): the key in the parsed options (`printType` for `--print-type`). */
  readonly key: string;
}

/** How the words after the options are taken: none (any is an error), any number (df's paths), all raw (ps). */
export type Operands = 'none' | 'many' | 'raw';

/** What a command line said, in commander's shape. */
export interface ParsedLine {
  /** Options by attribute name, defaults filled in, as commander's opts() gives them. */
  readonly opts: Record<string, unknown>;
  /** The operands (for `raw`, every word after the command). */
  readonly args: string[];
}

const shapes = new WeakMap<OptionSpec, OptionShape>();

/** The shape of `spec`'s flags, read as commander's splitOptionFlags reads them (for the forms sysmon uses). */
export function optionShape(spec: OptionSpec): OptionShape {
  let s = shapes.get(spec);
  if (s) return s;
  const parts = spec.flags.split(/[ |,]+/);
  let short: string | null = null;
  let long: string | null = null;
  let value: OptionShape['value'] = 'none';
  for (const p of parts) {
    if (/^-[^-]$/.test(p)) short = p;
    else if (/^--[^-]/.test(p)) long = p;
    else if (p.startsWith('<')) value = 'required';
    else if (p.startsWith('[')) value = 'optional';
  }
  const name = long ? long.slice(2) : (short ?? '').slice(1);
  const key = name.split('-').reduce((acc, w) => acc + (w[0] ?? '').toUpperCase() + w.slice(1));
  s = { short, long, value, name, key };
  shapes.set(spec, s);
  return s;
}

/** One option as the command line gave it: the spec and the value of this occurrence (undefined: a flag). */
export type Occurrence = readonly [OptionSpec, string | undefined];

/**
 * The options and operands of `argv` (the words after the command's name) read as commander would, or null
 * when commander must read them (see the module comment).
 */
export function quickTokens(specs: readonly OptionSpec[], argv: readonly string[], operands: Operands): { seen: Occurrence[]; args: string[] } | null {
  if (operands === 'raw') return argv.includes('--') ? null : { seen: [], args: [...argv] };
  const find = (flag: string): OptionSpec | undefined => specs.find((o) => {
    const s = optionShape(o);
    // A negated flag (`--no-x`) sets its key to false, a default commander derives: left to commander.
    return (s.short === flag || s.long === flag) && !s.long?.startsWith('--no-');
  });
  const seen: Occurrence[] = [];
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    if (arg.length < 2 || arg[0] !== '-') {
      args.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const spec = find(eq < 0 ? arg : arg.slice(0, eq));
      if (!spec) return null; // --, --help, --version, a typo, an abbreviation
      const shape = optionShape(spec);
      if (eq >= 0) {
        if (shape.value === 'none') return null;
        seen.push([spec, arg.slice(eq + 1)]);
      } else if (shape.value === 'required') {
        if (i + 1 >= argv.length) return null;
        seen.push([spec, argv[++i]!]);
      } else if (shape.value === 'optional') {
        return null; // commander takes a following word as the value, getopt does not: commander decides
      } else {
        seen.push([spec, undefined]);
      }
      continue;
    }
    // A group of short options: flags, the last of them perhaps with its value attached or in the next word.
    while (arg.length > 1) {
      const spec = find(arg.slice(0, 2));
      if (!spec) return null;
      const shape = optionShape(spec);
      if (shape.value === 'none') {
        seen.push([spec, undefined]);
        arg = `-${arg.slice(2)}`;
        continue;
      }
      if (arg.length > 2) seen.push([spec, arg.slice(2)]);
      else if (shape.value === 'required' && i + 1 < argv.length) seen.push([spec, argv[++i]!]);
      else return null;
      break;
    }
  }
  if (operands === 'none' && args.length > 0) return null;
  return { seen, args };
}

/**
 * Options by attribute name from what the command line gave, in order, as commander sets them: defaults
 * first, then each occurrence (a flag true, a value as given, or folded by the spec's `parse`).
 */
export function optionValues(specs: readonly OptionSpec[], seen: readonly Occurrence[]): Record<string, unknown> {
  const opts: Record<string, unknown> = {};
  for (const spec of specs) if (spec.defaultValue !== undefined) opts[optionShape(spec).key] = spec.defaultValue;
  for (const [spec, value] of seen) {
    const key = optionShape(spec).key;
    opts[key] = value === undefined ? true : spec.parse ? spec.parse(value, opts[key]) : value;
  }
  return opts;
}

/** The context of a command line read by {@link quickParse}: no program options were given. */
export const NO_PROGRAM_OPTIONS: CommandContext = { optsWithGlobals: <T extends object>() => ({}) as T };

/**
 * A command that can run from a command line read without commander. `register` builds the same options into
 * commander with {@link addCommandLine}; both readings end in `run`.
 */
export interface CommandLine {
  readonly options: readonly OptionSpec[];
  readonly operands: Operands;
  /** Called as each option is read, with every occurrence so far (free refuses a second unit there, as getopt does). */
  readonly check?: (seen: readonly Occurrence[]) => void;
  /** Runs the command. */
  run(line: ParsedLine, seen: readonly Occurrence[], ctx: CommandContext): Promise<void>;
}

/** Give commander `line`'s options (help, defaults, parsers) and make its action `line.run`. */
export function addCommandLine(cmd: Command, line: CommandLine): Command {
  const seen: Occurrence[] = [];
  for (const spec of line.options) {
    const opt = cmd.createOption(spec.flags, spec.description);
    if (spec.defaultValue !== undefined) opt.default(spec.defaultValue);
    if (spec.parse) opt.argParser(spec.parse);
    if (spec.hidden) opt.hideHelp();
    cmd.addOption(opt);
    cmd.on(`option:${opt.name()}`, (value?: string | null) => {
      seen.push([spec, value ?? undefined]);
      line.check?.(seen);
    });
  }
  return cmd.action(async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    await line.run({ opts: command.opts(), args: command.args }, seen, command);
  });
}

/**
 * Run `line` on `argv` (the words after the command's name) without commander; false, having done nothing,
 * when commander must read them.
 */
export async function quickParse(line: CommandLine, argv: readonly string[]): Promise<boolean> {
  const tokens = quickTokens(line.options, argv, line.operands);
  if (!tokens) return false;
  const seen: Occurrence[] = [];
  for (const o of tokens.seen) {
    seen.push(o);
    line.check?.(seen);
  }
  await line.run({ opts: optionValues(line.options, seen), args: tokens.args }, seen, NO_PROGRAM_OPTIONS);
  return true;
}
