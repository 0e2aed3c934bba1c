import blessed from 'blessed';
import { LineDiff, type DrawArea } from './line-renderer.js';
import type { Panel } from './screen-panels.js';
import { installTerminfoFix } from './terminfo-patch.js';

/**
 * The only module that speaks blessed: it opens the screen (terminfo, alternate buffer, raw input, mouse,
 * restoring the terminal) and turns blessed's key, mouse and resize events into plain calls. Drawing goes
 * through sysmon's line renderer (line-renderer.ts), which sends only the lines that changed: blessed's own
 * content parser and cell buffer cost most of a tick (docs/performance.md).
 */

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

/** Open the blessed screen on `input`/`output`. */
export function openTerminal(opts: {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  term: string;
  events: TerminalEvents;
}): Terminal {
  installTerminfoFix();
  const screen = blessed.screen({
    input: opts.input,
    output: opts.output,
    terminal: opts.term,
    smartCSR: true,
    fullUnicode: false,
    autoPadding: false,
    warnings: false,
    title: 'sysmon',
    dockBorders: false,
  });
  // blessed draws non-ASCII as '?' unless the locale (or terminfo U8) says UTF-8: then draw ASCII ourselves.
  const tput = screen.tput as unknown as { unicode?: boolean; numbers?: Record<string, number> };
  const unicode = tput.unicode === true || tput.numbers?.U8 === 1;
  const numbers = tput.numbers ?? {};
  const colours = Number((screen.tput as unknown as { colors?: number }).colors ?? numbers.colors ?? 8);
  const diff = new LineDiff(colours >= 256 ? 256 : colours >= 16 ? 16 : colours >= 8 ? 8 : 0, unicode);
  let destroyed = false;
  const write = (data: string): void => {
    if (data !== '') (screen.program as unknown as { _write(d: string): void })._write(data);
  };

  screen.program.on('keypress', (ch: string | undefined, key: { full?: string; name?: string; sequence?: string } | undefined) => {
    if (destroyed) return;
    // blessed reports a carriage return twice, as 'return' and then as 'enter': act on the first only.
    if (key?.name === 'enter' && key.sequence === '\r') return;
    opts.events.key(ch, key?.full ?? key?.name ?? '');
  });
  screen.enableMouse();
  screen.on('mouse', (data: { action: string; x: number; y: number }) => {
    if (!destroyed) opts.events.mouse(data.action, data.x, data.y);
  });
  screen.on('resize', () => {
    if (destroyed) return;
    diff.invalidate();
    opts.events.resize(screen.width as number, screen.height as number);
  });

  return {
    get width() {
      return screen.width as number;
    },
    get height() {
      return screen.height as number;
    },
    unicode,
    draw(panels) {
      if (destroyed) return;
      const overlay = panels.find((p) => p.overlay && p.rect !== null);
      // An overlay covers everything but the status line; the panels under it are drawn again when it closes.
      const shown = overlay ? panels.filter((p) => p === overlay || p.id === 'status') : panels.filter((p) => !p.overlay);
      const areas: DrawArea[] = [];
      for (const p of shown) {
        const r = p.rect;
        if (r === null || r.width <= 0 || r.height <= 0) continue;
        areas.push({ key: p.id, top: r.top, left: r.left, width: r.width, height: r.height, lines: p.content.split('\n') });
      }
      write(diff.frame(areas));
    },
    redraw() {
      if (destroyed) return;
      diff.invalidate();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        screen.destroy();
      } catch {
        // The terminal may be gone (SIGHUP); nothing left to restore.
      }
    },
  };
}
