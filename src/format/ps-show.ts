import type { ProcessRow } from '../core/process.js';
import type { Field, FormatContext, PsCellContext, PsJust } from '../fields/registry.js';
import { escapeProcText, textCells } from './ps-escape.js';

/*
 * procps ps's line engine (output.c show_one_proc and check_header_width), reimplemented: every column has a
 * width and a justification; a cell longer than its width pushes the rest right and later columns win the
 * space back out of their padding; the last column gets what is left of the line (the terminal width, or
 * 128 KiB into a pipe); text columns are cut to the cells they may take.
 */

/** procps OUTBUF_SIZE: the widest line ps makes. */
export const PS_OUTBUF = 2 * 64 * 1024;
/** Most padding ps writes before one cell. */
const SPACE_AMOUNT = 144;

/** One output column: a specifier, or (AIX format) literal text between them. */
export interface PsNode {
  /** null for AIX literal text, which prints its `header` on every line. */
  field: Field<ProcessRow> | null;
  header: string;
  width: number;
  just: PsJust | 'aix';
}

/** The justification ps uses for a field. */
export function justOf(f: Field<ProcessRow>): PsJust {
  return f.psJust ?? (f.align === 'right' ? 'right' : 'left');
}

/** check_header_width: how wide ps lays lines out, and whether signal masks get 16 digits. */
export function activeColumns(nodes: readonly PsNode[], screenCols: number): { cols: number; wideSignals: boolean } {
  let total = 0;
  let wasNormal = 0;
  let sigs = 0;
  nodes.forEach((n, i) => {
    if (n.just === 'aix') {
      total += n.width;
      wasNormal = 0;
      return;
    }
    if (n.just === 'signal') sigs++;
    if (n.just === 'unlimited') total += i < nodes.length - 1 ? n.width : 3;
    else total += n.width;
    total += wasNormal;
    wasNormal = 1;
  });
  let cols = screenCols;
  for (let i = 1; ; i++) {
    cols = screenCols * i;
    if (cols >= total) break;
    if (screenCols * i >= PS_OUTBUF / 2) break;
  }
  return { cols, wideSignals: total + sigs * 7 <= cols };
}

/**
 * Runs of 0..SPACE_AMOUNT blanks, made once: `' '.repeat(n)` makes a new string (a tree of halves, for V8 to
 * flatten when the line is encoded) for every cell of every line.
 */
const BLANKS: string[] = [];
for (let n = 0, s = ''; n <= SPACE_AMOUNT; n++, s += ' ') BLANKS.push(s);

function blanks(n: number): string {
  return BLANKS[n] ?? ' '.repeat(n);
}

/** Options of one ps run that shape lines. */
export interface PsShowOptions {
  screenCols: number;
  cumulative: boolean;
  showEnv: boolean;
  commIsArgs: boolean;
  numeric: boolean;
  forestUnix: boolean;
}

/** Makes ps lines for one format list. */
export class PsLinePrinter {
  readonly cols: number;
  private readonly cellCtx: PsCellContext;
  private readonly ctx: FormatContext;

  constructor(private readonly nodes: readonly PsNode[], ctx: FormatContext, opts: PsShowOptions) {
    const a = activeColumns(nodes, opts.screenCols);
    this.cols = a.cols;
    this.cellCtx = {
      room: 0,
      cumulative: opts.cumulative,
      showEnv: opts.showEnv,
      commIsArgs: opts.commIsArgs,
      argsIsComm: false,
      numeric: opts.numeric,
      wideSignals: a.wideSignals,
      forest: '',
      forestUnix: opts.forestUnix,
      lineCounter: 0,
      escape: escapeProcText,
    };
    this.ctx = { ...ctx, ps: this.cellCtx };
  }

  /** One line (without the newline): the header when row is null. */
  line(row: ProcessRow | null, forest = '', lineCounter = 0, nodes: readonly PsNode[] = this.nodes): string {
    const cc = this.cellCtx;
    cc.forest = forest;
    cc.lineCounter = lineCounter;
    const active = this.cols;
    let correct = 0;
    let actual = 0;
    let dospace = 0;
    let out = '';
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const last = i === nodes.length - 1;
      let legit = 0;
      let room: number;
      let tmpspace = 0;
      if (!last) room = n.width;
      else {
        tmpspace = correct - actual;
        if (tmpspace < 1) {
          tmpspace = dospace;
          room = active - actual - tmpspace;
        } else room = active - Math.max(correct, actual);
      }
      if (room < 0) room = 0;
      else if (room >= PS_OUTBUF) room = PS_OUTBUF - 1;

      let text: string;
      let amount: number;
      if (row !== null && n.field !== null) {
        cc.room = room;
        text = n.field.text(row, this.ctx);
        amount = textCells(text);
      } else {
        text = n.header;
        amount = Buffer.byteLength(text);
      }

      let leftpad = 0;
      switch (n.just) {
        case 'right':
          leftpad = Math.max(0, n.width - amount);
          break;
        case 'signal':
          if (cc.wideSignals) {
            leftpad = Math.max(0, 16 - amount);
            legit = 7;
          } else leftpad = Math.max(0, 9 - amount);
          break;
        case 'user':
          leftpad = cc.numeric ? Math.max(0, n.width - amount) : 0;
          break;
        case 'wchan':
          if (cc.numeric) leftpad = Math.max(0, n.width - amount);
          else if (active - actual - tmpspace < 1) text = text.slice(0, 1);
          break;
        case 'unlimited':
          if (active - actual - tmpspace < 1) text = text.slice(0, 1);
          break;
        default:
          break;
      }
      let space = correct - actual + leftpad;
      if (space < 1) space = dospace;
      if (space > SPACE_AMOUNT) space = SPACE_AMOUNT;
      out += blanks(space) + text;
      if (last) break;
      actual += space + amount;
      correct += n.width + legit;
      const next = nodes[i + 1]!;
      if (n.field !== null && next.field !== null) {
        correct++;
        dospace = 1;
      } else dospace = 0;
    }
    return out;
  }
}
