import type { ProcessRow } from '../core/process.js';
import type { Field, FieldRegistry } from '../fields/registry.js';
import type { Theme } from './theme.js';
import { clamp, moveColumn, sortBy, toggleColumn, type ViewState } from './view-state.js';

/** The chooser's own state: which line the cursor is on, and whether that field is picked up to move. */
export interface ChooserState {
  cursor: number;
  moving: boolean;
}

/** Fields in chooser order, as top lists them: the visible ones in column order, then the hidden ones. */
export function chooserFields(state: ViewState, reg: FieldRegistry<ProcessRow>): Field<ProcessRow>[] {
  const shown = state.columns.map((k) => reg.find(k)).filter((f): f is Field<ProcessRow> => f !== undefined);
  return [...shown, ...reg.fields.filter((f) => !shown.includes(f))];
}

/** What a key does in the chooser. */
export type ChooserKey = 'up' | 'down' | 'toggle' | 'sort' | 'pick' | 'drop';

/**
 * Apply one chooser key: up/down move the cursor (or the picked-up field), toggle shows or hides the field,
 * sort makes it the sort column, pick / drop start and end moving (top's Right and Left / Enter).
 */
export function chooserKey(
  state: ViewState,
  chooser: ChooserState,
  reg: FieldRegistry<ProcessRow>,
  key: ChooserKey,
): { state: ViewState; chooser: ChooserState } {
  const list = chooserFields(state, reg);
  const cur = list[clamp(chooser.cursor, 0, list.length - 1)];
  if (!cur) return { state, chooser };
  const visible = state.columns.includes(cur.key);
  switch (key) {
    case 'up':
    case 'down': {
      const d = key === 'up' ? -1 : 1;
      if (chooser.moving && visible) {
        const next = moveColumn(state, cur.key, d);
        return { state: next, chooser: { ...chooser, cursor: next.columns.indexOf(cur.key) } };
      }
      return { state, chooser: { ...chooser, cursor: clamp(chooser.cursor + d, 0, list.length - 1) } };
    }
    case 'toggle': {
      // The cursor stays on its line: hiding a field moves it to the hidden part, the next one slides up.
      return { state: toggleColumn(state, cur.key), chooser: { cursor: chooser.cursor, moving: false } };
    }
    case 'sort':
      return { state: sortBy(state, cur.key, cur.descByDefault), chooser };
    case 'pick':
      return { state, chooser: { ...chooser, moving: visible } };
    case 'drop':
      return { state, chooser: { ...chooser, moving: false } };
  }
}

/** The chooser screen: a help line, then `* HEADER  key  description` per field, cursor line highlighted. */
export function chooserLines(state: ViewState, chooser: ChooserState, reg: FieldRegistry<ProcessRow>, width: number, theme: Theme): string[] {
  const list = chooserFields(state, reg);
  const hw = Math.max(...list.map((f) => f.header.length));
  const kw = Math.max(...list.map((f) => f.key.length));
  const sortKey = reg.find(state.sortKey);
  const out = [
    theme.paint('title', theme.esc('Fields: Up/Down select, space or d shows/hides, s sorts, Right picks up to move, Left or Enter drops, Esc closes').slice(0, Math.max(0, width))),
    '',
  ];
  list.forEach((f, i) => {
    const shown = state.columns.includes(f.key) ? '*' : ' ';
    const sort = f === sortKey ? (state.sortDesc ? 'v' : '^') : ' ';
    const text = `${shown}${sort} ${f.header.padEnd(hw)}  ${f.key.padEnd(kw)}  ${f.description}`.slice(0, Math.max(0, width));
    if (i === chooser.cursor) out.push(theme.paint(chooser.moving ? 'warn' : 'selected', theme.esc(text.padEnd(width))));
    else out.push(theme.esc(text));
  });
  return out;
}
