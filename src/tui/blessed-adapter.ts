import { createRequire } from 'node:module';
import { LineDiff, type DrawArea } from './line-renderer.js';
import type { Panel } from './screen-panels.js';
import { installTerminfoFix } from './terminfo-patch.js';

const require = createRequire(import.meta.url);

/**
 * The only module that speaks blessed: it opens the terminal (terminfo, alternate buffer, raw input, mouse,
 * restoring the terminal) and turns blessed's key, mouse and resize events into plain calls. Drawing goes
 * through sysmon's line renderer (line-renderer.ts), which sends only the lines that changed: blessed's own
 * content parser and cell buffer cost most of a tick (docs/performance.md).
 *
 * Only blessed's Program (with its Tput and key decoder) is loaded, not `blessed` itself: the package's
 * index loads every widget, and the Screen keeps two cell buffers of the whole terminal that sysmon never
 * draws into. Together that was about 6 MiB of the dashboard's resident memory.
 */

/** The part of blessed's Program this adapter uses (blessed/lib/program, untyped). */
interface BlessedProgram {
  cols: number;
  rows: number;
  scrollTop: number;
  scrollBottom: number;
  title: string;
  tput: { unicode?: boolean; numbers?: Record<string, number>; colors?: number; strings: Record<string, unknown>; enacs(): string };
  put: { keypad_xmit(): void; keypad_local(): void };
  on(event: 'keypress', fn: (ch: string | undefined, key: { full?: string; name?: string; sequence?: string } | undefined) => void): void;
  on(event: 'mouse', fn: (data: { action: string; x: number; y: number }) => void): void;
  on(event: 'resize', fn: () => void): void;
  alternateBuffer(): void;
  normalBuffer(): void;
  csr(top: number, bottom: number): void;
  hideCursor(): void;
  showCursor(): void;
  cup(row: number, col: number): void;
  enableMouse(): void;
  disableMouse(): void;
  flush(): void;
  destroy(): void;
  _write(data: string): void;
}

/** Callbacks from the terminal. */
export interface TerminalEvents {
  /** A key: the typed character (if any) and blessed's full key name (`S-p`, `C-c`, `f9`, `up`). */
  key(ch: string | undefined, name: string): void;
  mouse(action: string, x: number, y: number): void;
  resize(width: number, height: number): void;
}

/** An open terminal. */
export interface Terminal {
  readonly width: number;
  readonly height: number;
  /** The terminal can draw UTF-8 (locale or terminfo U8); false: draw ASCII only. */
  readonly unicode: boolean;
  /** Put the panels on screen and send what changed. */
  draw(panels: readonly Panel[]): void;
  /** Forget what the terminal shows and draw everything again (Ctrl-L). */
  redraw(): void;
  /** Restore the terminal (idempotent; the terminal may already be gone). */
  destroy(): void;
}

/** Open the terminal on `input`/`output`. */
export function openTerminal(opts: {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  term: string;
  /** How terminfo entries are read (blessed reads them by path). */
  readFile: (file: string) => Buffer;
  events: TerminalEvents;
}): Terminal {
  installTerminfoFix(opts.readFile);
  const Program = require('blessed/lib/program') as new (o: Record<string, unknown>) => BlessedProgram;
  const program = new Program({ input: opts.input, output: opts.output, terminal: opts.term, tput: true, buffer: true, zero: true });
  // What blessed's Screen does on entering: alternate buffer, application keypad, whole-screen scroll region,
  // no cursor, and (for tmux) the line-drawing character set enabled.
  program.alternateBuffer();
  program.put.keypad_xmit();
  program.csr(0, program.rows - 1);
  program.hideCursor();
  program.cup(0, 0);
  if (program.tput.strings.ena_acs) program._write(program.tput.enacs());
  program.title = 'sysmon';
  // blessed draws non-ASCII as '?' unless the locale (or terminfo U8) says UTF-8: then draw ASCII ourselves.
  const tput = program.tput;
  const unicode = tput.unicode === true || tput.numbers?.U8 === 1;
  const numbers = tput.numbers ?? {};
  const colours = Number(tput.colors ?? numbers.colors ?? 8);
  const diff = new LineDiff(colours >= 256 ? 256 : colours >= 16 ? 16 : colours >= 8 ? 8 : 0, unicode);
  let destroyed = false;
  /** Each panel's text of the last frame, split into lines. */
  let split = new Map<string, { content: string; lines: readonly string[] }>();
  const write = (data: string): void => {
    if (data !== '') program._write(data);
  };
  const restore = (): void => {
    if (destroyed) return;
    destroyed = true;
    try {
      program.put.keypad_local();
      if (program.scrollTop !== 0 || program.scrollBottom !== program.rows - 1) program.csr(0, program.rows - 1);
      program.showCursor();
      program.disableMouse();
      program.normalBuffer();
      program.flush();
      program.destroy();
    } catch {
      // The terminal may be gone (SIGHUP); nothing left to restore.
    }
  };
  // Whatever ends the process (process.exit on an error path included) leaves the terminal as it found it.
  process.on('exit', restore);

  program.on('keypress', (ch: string | undefined, key: { full?: string; name?: string; sequence?: string } | undefined) => {
    if (destroyed) return;
    // blessed reports a carriage return twice, as 'return' and then as 'enter': act on the first only.
    if (key?.name === 'enter' && key.sequence === '\r') return;
    opts.events.key(ch, key?.full ?? key?.name ?? '');
  });
  program.enableMouse();
  program.on('mouse', (data: { action: string; x: number; y: number }) => {
    if (!destroyed) opts.events.mouse(data.action, data.x, data.y);
  });
  program.on('resize', () => {
    if (destroyed) return;
    diff.invalidate();
    opts.events.resize(program.cols, program.rows);
  });

  return {
    get width() {
      return program.cols;
    },
    get height() {
      return program.rows;
    },
    unicode,
    draw(panels) {
      if (destroyed) return;
      const overlay = panels.find((p) => p.overlay && p.rect !== null);
      // An overlay covers everything but the status line; the panels under it are drawn again when it closes.
      const shown = overlay ? panels.filter((p) => p === overlay || p.id === 'status') : panels.filter((p) => !p.overlay);
      const areas: DrawArea[] = [];
      const seen = new Map<string, { content: string; lines: readonly string[] }>();
      for (const p of shown) {
        const r = p.rect;
        if (r === null || r.width <= 0 || r.height <= 0) continue;
        // A panel whose text did not change hands the renderer the same lines, which it then skips whole.
        const last = split.get(p.id);
        const lines = last !== undefined && last.content === p.content ? last.lines : p.content.split('\n');
        seen.set(p.id, { content: p.content, lines });
        areas.push({ key: p.id, top: r.top, left: r.left, width: r.width, height: r.height, lines });
      }
      split = seen;
      write(diff.frame(areas));
    },
    redraw() {
      if (destroyed) return;
      diff.invalidate();
    },
    destroy() {
      process.removeListener('exit', restore);
      restore();
    },
  };
}
