import { layoutOf, type ControllerContext, type DashState } from './controller.js';
import { chooserLines } from './field-chooser-view.js';
import type { Rect } from './layout.js';
import { screenPanel } from './panels.js';
import { statusLine } from './status-line.js';
import { cpuMeters, headerLines, memoryMeters } from './summary-view.js';
import { clamp } from './view-state.js';

/** Names of the boxes on screen. */
export type PanelId = 'header' | 'cpu' | 'memory' | 'main' | 'status' | 'overlay' | `panel:${string}`;

/** One box: where it goes (null: hidden) and its tagged text. */
export interface Panel {
  id: PanelId;
  rect: Rect | null;
  content: string;
  /** Drawn over the others (help, details, field chooser) with a background of this 256-colour index. */
  overlay?: { background: number | null };
}

/**
 * Everything on screen for a state, as tagged text per box. Pure: the blessed adapter only places the boxes
 * and hands blessed the text that changed.
 */
export function screenPanels(s: DashState, ctx: ControllerContext): Panel[] {
  const { theme } = ctx;
  const L = layoutOf(s);
  const out: Panel[] = [];
  const snap = s.moment?.snapshot;
  const panel = (id: PanelId, rect: Rect | null, content: () => string): void => {
    out.push({ id, rect, content: rect && snap ? content() : '' });
  };
  if (!snap) {
    for (const id of ['header', 'cpu', 'memory', 'main'] as const) out.push({ id, rect: null, content: '' });
  } else {
    const history = s.moment!.history;
    panel('header', L.header, () => headerLines(snap, s.host, L.header!.width, L.header!.height, theme, s.view.threads).join('\n'));
    panel('cpu', L.cpu, () => cpuMeters(snap, s.view.perCpu, L.cpu!.width, L.cpu!.height, theme).join('\n'));
    panel('memory', L.memory, () => memoryMeters(snap, L.memory!.width, L.memory!.height, theme).join('\n'));
    for (const placed of L.panels) {
      const def = screenPanel(placed.id);
      if (!def) continue;
      const r = placed.rect;
      panel(`panel:${placed.id}`, r, () =>
        def.render({ snapshot: snap, history, width: r.width, height: r.height, theme, delay: s.view.delay }).slice(0, r.height).join('\n'));
    }
    const main = L.main.height > 0 ? L.main : null;
    panel('main', main, () => (s.frame ? [s.frame.header, ...s.frame.lines].join('\n') : ''));
  }
  out.push({ id: 'status', rect: L.status, content: statusLine(s, ctx, L.status.width) });
  out.push(overlayPanel(s, ctx));
  return out;
}

function overlayPanel(s: DashState, ctx: ControllerContext): Panel {
  const { theme, reg } = ctx;
  const background = theme.color ? 234 : null;
  if (s.overlay === 'none') return { id: 'overlay', rect: null, content: '', overlay: { background } };
  const W = s.width;
  const h = Math.max(1, s.height - 1);
  let lines: string[];
  if (s.overlay === 'help') {
    lines = [
      theme.paint('title', 'sysmon dashboard keys') + theme.paint('dim', '   (any key returns)'),
      '',
      ...ctx.keymap.helpLines().map((l) => theme.esc(l.slice(0, W))),
    ];
  } else if (s.overlay === 'fields') {
    lines = chooserLines(s.view, s.chooser, reg, W, theme);
    // Keep the cursor line on screen.
    const first = clamp(s.chooser.cursor + 2 - Math.floor(h / 2), 0, Math.max(0, lines.length - h));
    lines = lines.slice(first);
  } else if (s.details) {
    lines = s.details.render.lines.slice(s.details.scroll, s.details.scroll + h);
  } else lines = [];
  return { id: 'overlay', rect: { top: 0, left: 0, width: W, height: h }, content: lines.slice(0, h).join('\n'), overlay: { background } };
}
