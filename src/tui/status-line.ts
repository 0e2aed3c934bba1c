import type { ControllerContext, DashState } from './controller.js';
import { keyLabel, type Action } from './keymap.js';
import { sortField } from './process-view.js';
import { formatFilter } from './view-state.js';

/** Key hints of the status line, most useful first; each is dropped whole when the line is short. */
const HINTS: readonly [Action, string][] = [
  ['help', 'help'], ['quit', 'quit'], ['details', 'details'], ['kill', 'kill'], ['filter', 'filter'],
  ['fields', 'fields'], ['next-view', 'views'],
];

/**
 * The bottom line (tagged, `width` visible characters): a prompt while one is open; else the message or the
 * key hints (spelt with the keys in force) on the left, and the toggles, sort, row count and delay on the right.
 */
export function statusLine(s: DashState, ctx: ControllerContext, width: number): string {
  const { theme, reg } = ctx;
  if (s.prompt) return `${theme.paint('key', theme.esc(s.prompt.label))}${theme.esc(s.prompt.value)}${theme.paint('selected', ' ')}`;
  if (!s.moment) return theme.esc('collecting...'.slice(0, width));
  const v = s.view;
  const right: string[] = [];
  if (s.moment.position !== undefined) right.push(s.moment.position);
  if (s.frozen) right.push('FROZEN');
  if (v.filters.length > 0) right.push(`filter ${v.filters.map(formatFilter).join(' ')}`);
  if (v.userFilter !== null) right.push(`user ${v.userFilter}`);
  if (v.tree) right.push('tree');
  if (v.threads) right.push('threads');
  if (v.hideIdle) right.push('no idle');
  if (v.grouped) right.push('by name');
  const table = s.frame?.table;
  const sf = sortField(v, reg);
  if (sf && table) right.push(`sort ${sf.header}${v.sortDesc ? (theme.ascii ? 'v' : '▼') : theme.ascii ? '^' : '▲'}`);
  if (table) right.push(`${table.ordered.length}/${table.total}`);
  right.push(`${v.delay}s`);
  const rightText = right.join(' | ');
  const room = Math.max(0, width - rightText.length - 1);
  // Key hints drop whole from the end when the line is short; a message is cut (it is read once, then goes).
  let left = s.message;
  if (left === '') {
    const hints: string[] = [];
    for (const [action, what] of HINTS) {
      const key = ctx.keymap.keysOf(action)[0];
      if (key !== undefined) hints.push(`${keyLabel(key)} ${what}`);
    }
    while (hints.length > 1 && hints.join('  ').length > room) hints.pop();
    left = hints.join('  ');
  }
  const l = left.length > room ? left.slice(0, room) : left.padEnd(room);
  const painted = s.message !== '' ? theme.paint(s.messageIsError ? 'error' : 'warn', theme.esc(l)) : theme.paint('dim', theme.esc(l));
  return `${painted} ${theme.paint('label', theme.esc(rightText.slice(0, width)))}`;
}
