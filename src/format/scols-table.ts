import { cutToWidth, displayWidth } from './display-width.js';

/**
 * The table output of util-linux's libsmartcols 2.38 (lsblk and findmnt), laid out as it lays a table out:
 * each column as wide as its widest cell (at least its header, a width hint >= 1 when the cells are
 * narrower), and, on a terminal or with a forced width (lsblk -w), fitted to that width: columns marked
 * "no extremes" ignore cells more than twice their average, the last column takes the spare room, and
 * columns are narrowed in libsmartcols's three stages. A cell wider than its column is cut when the column
 * truncates; otherwise it overflows and the rest of the line continues on the next line, under its column.
 * A multi-line cell (MOUNTPOINTS) prints one item a line, the last item wrapped at the column's width.
 */

/** One column of the table. */
export interface ScolsColumn {
  /** The header, which sizes the column. */
  header: string;
  /** Printed instead of `header` (shell variable names of -y); the column is still sized by `header`. */
  printed?: string;
  /** libsmartcols width hint: >= 1 the column's least width, a fraction that share of the terminal width. */
  hint: number;
  /** Right-aligned (numbers). */
  right?: boolean;
  /** SCOLS_FL_TRUNC: a cell wider than the column is cut. */
  trunc?: boolean;
  /** SCOLS_FL_WRAP with the newline wrap function: cells are `\n`-separated items, one a line. */
  wrap?: boolean;
  /** SCOLS_FL_NOEXTREMES: cells more than twice the average width do not widen the column on a terminal. */
  noExtremes?: boolean;
  /** SCOLS_FL_TREE: the tree is drawn in this column. */
  tree?: boolean;
  /** SCOLS_FL_STRICTWIDTH: not widened to the header's width (only to a hint >= 1). */
  strictWidth?: boolean;
}

/** One line of the table: its cells (escaped text, in column order) and, in a tree, its children. */
export interface ScolsLine {
  cells: readonly string[];
  children: readonly ScolsLine[];
}

/** How to print the table. */
export interface ScolsTableOptions {
  /** Print the header line (-n leaves it out; the headers still size the columns). */
  headers: boolean;
  /** The output width in columns when fitting to it (a terminal, lsblk -w); null for no fitting. */
  termWidth: number | null;
  /** Tree art: branch `├─`, last child `└─`, vertical `│ ` (or their ASCII forms). */
  symbols: { branch: string; right: string; vert: string };
  /**
   * lsblk -M: groups of lines (the parents of a device that has several, each printed once) and the lines
   * that hang from the whole group (that device), drawn as libsmartcols's group chart before the tree column.
   * A group child is in no `children` list.
   */
  groups?: readonly { members: readonly ScolsLine[]; children: readonly ScolsLine[] }[];
  /** Group chart symbols (UTF-8 or ASCII): required with `groups`. */
  groupSymbols?: ScolsGroupSymbols;
  /**
   * A hidden column comes last (lsblk's sort or -E column that is not printed): the spare room of a
   * terminal then goes to it, not to the last printed column.
   */
  hiddenLast?: boolean;
}

/** libsmartcols's group chart symbols. */
export interface ScolsGroupSymbols {
  firstMember: string;
  middleMember: string;
  lastMember: string;
  middleChild: string;
  lastChild: string;
  vert: string;
  horz: string;
}

/** The group chart in UTF-8 (`┌┈▶`, `└┬▶`, ...) or ASCII (`,->`, `'->`, ...). */
export function groupSymbols(utf8: boolean): ScolsGroupSymbols {
  return utf8
    ? { firstMember: '┌┈▶', middleMember: '├┈▶', lastMember: '└┬▶', middleChild: '├┈', lastChild: '└┈', vert: '┆', horz: '┈' }
    : { firstMember: ',->', middleMember: '|->', lastMember: "'->", middleChild: '|-', lastChild: '`-', vert: '|', horz: '-' };
}

interface Flat {
  line: ScolsLine;
  parent: Flat | null;
  last: boolean;
  /** The group chart before the cell, and on the line's extra lines (lsblk -M). */
  gArt: string;
  gEmpty: string;
}

type GState = 'none' | 'first' | 'middle' | 'last' | 'cont-members' | 'middle-child' | 'last-child' | 'cont-children';

interface Group {
  members: ScolsLine[];
  children: readonly ScolsLine[];
  state: GState;
}

/**
 * The lines in libsmartcols's walk order (each tree, then the children of the groups whose members are all
 * printed), with the group chart of each line as libsmartcols's grpset state machine draws it. Returns the
 * lines and the chart's width in columns (0 without groups).
 */
function walkLines(roots: readonly ScolsLine[], opts: ScolsTableOptions): { flat: Flat[]; chart: number } {
  const groups: Group[] = (opts.groups ?? []).map((g) => ({ members: [...g.members], children: g.children, state: 'none' }));
  const memberOf = new Map<ScolsLine, Group>();
  const childOf = new Map<ScolsLine, Group>();
  for (const g of groups) {
    for (const m of g.members) memberOf.set(m, g);
    for (const c of g.children) childOf.set(c, g);
  }
  const sym = opts.groupSymbols ?? groupSymbols(true);
  let grpset: (Group | null)[] = [];

  const stateFor = (gr: Group, ln: ScolsLine): GState => {
    const own = memberOf.get(ln) === gr;
    const child = childOf.get(ln) === gr;
    if (gr.state === 'none' && (!own || gr.members[0] !== ln)) return 'none';
    if (!own && !child) {
      if (gr.state === 'first' || gr.state === 'middle' || gr.state === 'cont-members') return 'cont-members';
      if (gr.state === 'last' || gr.state === 'middle-child' || gr.state === 'cont-children') return 'cont-children';
      return 'none';
    }
    if (own && gr.members[0] === ln) return 'first';
    if (own && gr.members[gr.members.length - 1] === ln) return 'last';
    if (own) return 'middle';
    return gr.children[gr.children.length - 1] === ln ? 'last-child' : 'middle-child';
  };
  // Room for a group: the last free chunk of three slots from the right, else three new slots in front.
  const freeChunk = (): number => {
    let avail = 0;
    for (let i = grpset.length - 1; i >= 0; i--) {
      if (grpset[i] === null) avail++;
      else avail = 0;
      if (avail === 3) return i;
    }
    if (grpset.length === 0) {
      grpset = [null, null, null];
      return 0;
    }
    grpset = [null, null, null, ...grpset];
    return 0;
  };
  const update = (ln: ScolsLine, gr: Group): void => {
    const state = stateFor(gr, ln);
    if (gr.state === 'none' && state === 'none') return;
    const at = gr.state === 'none' || grpset.length === 0 ? freeChunk() : grpset.indexOf(gr);
    for (let k = 0; k < 3; k++) grpset[at + k] = state === 'none' ? null : gr;
    gr.state = state;
  };
  const updateAll = (ln: ScolsLine): void => {
    let last: Group | null = null;
    for (let i = 0; i < grpset.length; i++) {
      const gr = grpset[i] ?? null;
      if (gr === null || gr === last) continue;
      last = gr;
      update(ln, gr);
    }
    const own = memberOf.get(ln);
    if (own && own.state === 'none') update(ln, own);
  };
  const chartOf = (empty: boolean): string => {
    let out = '';
    let filler = ' ';
    let filled = false;
    let rest = 0;
    const emptyAfter = (from: number): boolean => {
      for (let i = from; i < grpset.length; i++) {
        if (grpset[i] !== null) return false;
        rest++;
      }
      return true;
    };
    for (let i = 0; i < grpset.length; i += 3) {
      const gr = grpset[i] ?? null;
      if (gr === null) {
        out += '   ';
        continue;
      }
      if (empty) {
        if (gr.state === 'first' || gr.state === 'middle' || gr.state === 'cont-members') out += sym.vert + filler + filler;
        else if (gr.state === 'last-child') out += filler + filler + filler;
        else out += filler + sym.vert + filler;
        continue;
      }
      switch (gr.state) {
        case 'first': out += sym.firstMember; break;
        case 'middle': out += sym.middleMember; break;
        case 'last': out += sym.lastMember; break;
        case 'cont-members': out += sym.vert + filler + filler; break;
        case 'middle-child':
        case 'last-child':
          out += (gr.state === 'middle-child' ? filler : ' ') + (gr.state === 'middle-child' ? sym.middleChild : sym.lastChild);
          if (emptyAfter(i + 3)) {
            out += sym.horz.repeat(rest + 1);
            filled = true;
          }
          filler = sym.horz;
          break;
        case 'cont-children': out += filler + sym.vert + filler; break;
        default: break;
      }
      if (filled) break;
    }
    if (!filled) out += filler;
    return out;
  };

  const run = (): Flat[] => {
    for (const g of groups) g.state = 'none';
    grpset = grpset.map(() => null);
    const flat: Flat[] = [];
    let pending = 0;
    const line = (ln: ScolsLine, parent: Flat | null, last: boolean): void => {
      const own = memberOf.get(ln);
      if (own && own.members[own.members.length - 1] === ln && own.children.length > 0) pending++;
      if (groups.length > 0) updateAll(ln);
      const f: Flat = { line: ln, parent, last, gArt: groups.length > 0 ? chartOf(false) : '', gEmpty: groups.length > 0 ? chartOf(true) : '' };
      flat.push(f);
      ln.children.forEach((c, i) => line(c, f, i === ln.children.length - 1));
    };
    roots.forEach((r, i) => {
      line(r, null, i === roots.length - 1);
      while (pending > 0) {
        let gr: Group | null = null;
        for (let k = grpset.length; k > 0; k -= 3) {
          const g = grpset[k - 1] ?? null;
          if (g !== null && (g.state === 'cont-children' || g.state === 'last')) {
            gr = g;
            break;
          }
        }
        if (gr === null) {
          pending = 0;
          break;
        }
        pending--;
        gr.children.forEach((c) => line(c, null, false));
      }
    });
    return flat;
  };
  if (groups.length === 0) return { flat: run(), chart: 0 };
  // libsmartcols sizes the chart in a walk of its own, then walks again to print with it.
  run();
  const flat = run();
  return { flat, chart: grpset.length + 1 };
}

interface Col {
  spec: ScolsColumn;
  width: number;
  widthMin: number;
  widthMax: number;
  treeArt: number;
  extremeSum: number;
  extremeCount: number;
  avg: number;
  extreme: boolean;
}


/** The widest item of a multi-line cell (scols_wrapnl_chunksize). */
function widestChunk(s: string): number {
  let max = 0;
  for (const part of s.split('\n')) max = Math.max(max, displayWidth(part));
  return max;
}

/** Lay out and print a table; '' when it has no lines (libsmartcols prints nothing, not even the header). */
export function renderScolsTable(columns: readonly ScolsColumn[], roots: readonly ScolsLine[], opts: ScolsTableOptions): string {
  const { flat, chart } = walkLines(roots, opts);
  if (flat.length === 0) return '';
  const { branch, right, vert } = opts.symbols;

  // Tree art before a cell: the levels above (a bar where that level has siblings below), then the branch.
  const upper = (f: Flat | null): string => {
    if (f === null || f.parent === null) return '';
    return upper(f.parent) + (f.last ? '  ' : vert);
  };
  const art = (f: Flat): string => (f.parent === null ? '' : upper(f.parent) + (f.last ? right : branch));
  const cellData = (f: Flat, i: number): string => (columns[i]!.tree ? art(f) : '') + (f.line.cells[i] ?? '');
  // The group chart is drawn in the first tree column only, and not measured cell by cell: the column is
  // widened by the chart's width instead.
  const groupCol = chart > 0 ? columns.findIndex((c) => c.tree) : -1;
  const printedData = (f: Flat, i: number): string => (i === groupCol ? f.gArt : '') + cellData(f, i);

  const cols: Col[] = columns.map((spec) => ({
    spec, width: 0, widthMin: 0, widthMax: 0, treeArt: 0, extremeSum: 0, extremeCount: 0, avg: 0, extreme: false,
  }));
  const count = (c: Col, i: number): void => {
    c.width = 0;
    if (c.widthMin === 0) c.widthMin = Math.max(1, displayWidth(c.spec.header));
    for (const f of flat) {
      const data = cellData(f, i);
      const len = c.spec.wrap ? widestChunk(data) : displayWidth(data);
      c.widthMax = Math.max(c.widthMax, len);
      if (c.extreme && c.avg > 0 && len > c.avg * 2) continue;
      if (c.spec.noExtremes) {
        c.extremeSum += len;
        c.extremeCount++;
      }
      c.width = Math.max(c.width, len);
      if (c.spec.tree) c.treeArt = Math.max(c.treeArt, displayWidth(art(f)));
    }
    if (i === groupCol) {
      c.treeArt += chart;
      c.widthMax += chart;
      c.width += chart;
      if (c.extremeCount > 0) c.extremeSum += chart;
    }
    if (c.extremeCount > 0 && c.avg === 0) {
      c.avg = Math.floor(c.extremeSum / c.extremeCount);
      if (c.avg > 0 && c.widthMax > c.avg * 2) c.extreme = true;
    }
    if (c.width < c.widthMin && !c.spec.strictWidth) c.width = c.widthMin;
    else if (c.spec.hint >= 1 && c.width < c.spec.hint && c.widthMin < c.spec.hint) c.width = c.spec.hint;
  };
  let width = 0;
  let extremes = 0;
  cols.forEach((c, i) => {
    count(c, i);
    width += c.width + (i === cols.length - 1 ? 0 : 1);
    if (c.extreme) extremes++;
  });

  const term = opts.termWidth;
  if (term !== null) {
    if (width > term && extremes > 0) {
      cols.forEach((c, i) => {
        if (!c.extreme) return;
        const org = c.width;
        count(c, i);
        if (org > c.width) width -= org - c.width;
        else extremes--;
      });
    }
    if (width < term) {
      if (extremes > 0) {
        for (const c of cols) {
          if (!c.extreme) continue;
          let add = term - width;
          if (add > 0 && c.width + add > c.widthMax) add = Math.max(0, c.widthMax - c.width);
          c.width += add;
          width += add;
          if (width === term) break;
        }
      }
      const last = cols[cols.length - 1]!;
      if (width < term && !opts.hiddenLast && !last.spec.right) {
        last.width += term - width;
        width = term;
      }
    }
    // Narrow: 1) truncating columns sized by a share of the terminal, while wider than that share;
    // 2) every truncating column; 3) every column sized by a share. One column at a time, by one.
    for (let stage = 1; width > term && stage <= 3;) {
      const before = width;
      for (const c of cols) {
        if (width <= term) break;
        if (c.width === c.widthMin) continue;
        // libsmartcols compares the table's width here, not the column's.
        if (c.spec.tree && width <= c.treeArt) continue;
        if (c.width === 0) continue;
        const relative = c.spec.hint > 0 && c.spec.hint < 1;
        const trunc = c.spec.trunc === true;
        if (stage === 1 && !(trunc && relative && c.width >= Math.trunc(c.spec.hint * term))) continue;
        if (stage === 2 && !trunc) continue;
        if (stage === 3 && !relative) continue;
        c.width--;
        width--;
      }
      if (before === width) stage++;
    }
  }

  const lastIndex = cols.length - 1;
  const out: string[] = [];
  let cur = '';
  const pending: (string | null)[] = cols.map(() => null);
  const hasPending = (): boolean => pending.some((p) => p !== null);
  const fill = (n: number): void => {
    if (n > 0) cur += ' '.repeat(n);
  };
  // A cell with nothing of its own: the tree's bars in the tree column, blanks elsewhere.
  const emptyCell = (i: number, f: Flat | null): void => {
    const c = cols[i]!;
    let pad = 0;
    if (f !== null && c.spec.tree) {
      let a = (i === groupCol ? f.gEmpty : '') + upper(f);
      if (f.line.children.length > 0 && hasPending()) a += vert;
      cur += a;
      pad = displayWidth(a);
    }
    if (i === lastIndex) return;
    fill(c.width - pad);
    cur += ' ';
  };
  const newline = (): void => {
    out.push(cur);
    cur = '';
  };
  const printData = (i: number, raw: string, f: Flat | null): void => {
    const c = cols[i]!;
    let data = raw;
    if (c.spec.wrap && f !== null) {
      const nl = data.indexOf('\n');
      if (nl >= 0) {
        pending[i] = data.slice(nl + 1);
        data = data.slice(0, nl);
      }
    }
    let len = displayWidth(data);
    let w = c.width;
    const isLast = i === lastIndex;
    if (isLast && len < w && !c.spec.right) w = len;
    if (len > w && c.spec.trunc) {
      data = cutToWidth(data, w, false);
      len = displayWidth(data);
    }
    if (data !== '') {
      if (c.spec.right) {
        fill(w - len);
        len = w;
      }
      cur += data;
    }
    if (isLast) return;
    fill(w - len);
    if (len > w && !c.spec.trunc) {
      // The next column starts on the next line, under itself.
      newline();
      for (let j = 0; j <= i; j++) emptyCell(j, f);
    } else {
      cur += ' ';
    }
  };
  const printPending = (i: number): void => {
    const c = cols[i]!;
    const rest = pending[i]!;
    const nl = rest.indexOf('\n');
    let chunk: string;
    if (nl >= 0) {
      chunk = rest.slice(0, nl);
      pending[i] = rest.slice(nl + 1);
    } else {
      // The last item is wrapped at the column's width.
      chunk = c.width > 0 ? cutToWidth(rest, c.width, false) : rest;
      if (chunk === '') chunk = rest;
      const left = rest.slice(chunk.length);
      pending[i] = left === '' ? null : left;
    }
    cur += chunk;
    if (i === lastIndex) return;
    fill(c.width - displayWidth(chunk));
    cur += ' ';
  };

  if (opts.headers) {
    cols.forEach((c, i) => printData(i, (i === groupCol ? ' '.repeat(chart) : '') + (c.spec.printed ?? c.spec.header), null));
    newline();
  }
  for (const f of flat) {
    cols.forEach((_, i) => printData(i, printedData(f, i), f));
    while (hasPending()) {
      newline();
      cols.forEach((_, i) => {
        if (pending[i] !== null) printPending(i);
        else emptyCell(i, f);
      });
    }
    newline();
  }
  return out.join('\n') + '\n';
}
