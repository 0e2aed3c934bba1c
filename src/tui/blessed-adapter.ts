import blessed from 'blessed';
import type { Rect } from './layout.js';
import type { Panel, PanelId } from './screen-panels.js';
import { installTerminfoFix } from './terminfo-patch.js';

/**
 * The only module that speaks blessed: it opens the screen, turns blessed's key, mouse and resize events
 * into plain calls, and draws panels. A box is moved only when its rectangle changed and given text only
 * when its text changed, so a tick that changed nothing costs blessed nothing.
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

interface BoxState {
  el: blessed.Widgets.BoxElement;
  rect: Rect | null;
  content: string;
  background: number | null | undefined;
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
  const boxes = new Map<PanelId, BoxState>();
  let destroyed = false;

  const boxFor = (id: PanelId): BoxState => {
    let b = boxes.get(id);
    if (!b) {
      const el = blessed.box({ parent: screen, tags: true, wrap: false, top: 0, left: 0, width: 1, height: 1, hidden: true });
      b = { el, rect: null, content: '', background: undefined };
      boxes.set(id, b);
    }
    return b;
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
    if (!destroyed) opts.events.resize(screen.width as number, screen.height as number);
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
      let changed = false;
      for (const p of panels) {
        const b = boxFor(p.id);
        const r = p.rect !== null && p.rect.width > 0 && p.rect.height > 0 ? p.rect : null;
        if (r === null) {
          if (b.rect !== null) {
            b.el.hide();
            b.rect = null;
            changed = true;
          }
          continue;
        }
        if (b.rect === null || b.rect.top !== r.top || b.rect.left !== r.left || b.rect.width !== r.width || b.rect.height !== r.height) {
          b.el.top = r.top;
          b.el.left = r.left;
          b.el.width = r.width;
          b.el.height = r.height;
          if (b.rect === null) {
            b.el.show();
              }
          b.rect = r;
          changed = true;
        }
        const bg = p.overlay?.background;
        if (bg !== b.background) {
          b.el.style = bg === null || bg === undefined ? {} : { bg };
          b.background = bg;
          changed = true;
        }
        if (p.content !== b.content) {
          b.el.setContent(p.content);
          b.content = p.content;
          changed = true;
        }
      }
      if (changed) screen.render();
    },
    redraw() {
      if (destroyed) return;
      screen.realloc();
      screen.render();
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
