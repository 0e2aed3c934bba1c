/**
 * Every key of the dashboard, described once: the app dispatches from this table and the help screen (and
 * docs/dashboard.md) list it. top's keys first, htop's where top has none.
 */

/** What a key does; the app implements each action. */
export type Action =
  | 'sort-cpu'
  | 'sort-mem'
  | 'sort-pid'
  | 'sort-time'
  | 'reverse'
  | 'sort-left'
  | 'sort-right'
  | 'fields'
  | 'filter'
  | 'clear-filters'
  | 'user'
  | 'kill'
  | 'renice'
  | 'nice-minus'
  | 'nice-plus'
  | 'tree'
  | 'threads'
  | 'per-cpu'
  | 'full-command'
  | 'idle'
  | 'delay'
  | 'freeze'
  | 'write-config'
  | 'help'
  | 'quit'
  | 'details'
  | 'next-view'
  | 'prev-view'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'refresh'
  | 'back';

/** One key binding. `chars` are typed characters (case matters); `names` are blessed key names (f6, up, C-c). */
export interface KeyBinding {
  action: Action;
  chars: string[];
  names: string[];
  /** How the help screen spells the keys. */
  label: string;
  description: string;
}

function k(action: Action, chars: string[], names: string[], label: string, description: string): KeyBinding {
  return { action, chars, names, label, description };
}

/** The table. The sort hotkeys P M N T are the process registry's; the app checks they agree. */
export const KEYMAP: readonly KeyBinding[] = [
  k('sort-cpu', ['P'], [], 'P', 'sort by %CPU'),
  k('sort-mem', ['M'], [], 'M', 'sort by %MEM (resident memory)'),
  k('sort-pid', ['N'], [], 'N', 'sort by PID'),
  k('sort-time', ['T'], [], 'T', 'sort by CPU time (TIME+)'),
  k('reverse', ['R'], [], 'R', 'reverse the sort order'),
  k('sort-left', ['<'], [], '< >', 'sort by the column left / right of the sort column'),
  k('sort-right', ['>'], [], '', ''),
  k('fields', ['f', 'F'], ['f6'], 'f F6', 'field chooser: show, hide, move columns; pick the sort'),
  k('filter', ['/', 'o', 'O'], ['f4'], '/ o F4', 'filter: FIELD=text, FIELD>n, FIELD<n, ! negates, plain text matches the command'),
  k('clear-filters', ['='], [], '=', 'clear the filters and the user filter'),
  k('user', ['u', 'U'], [], 'u', 'show one user (name or uid; !name hides that user)'),
  k('kill', ['k'], ['f9'], 'k F9', 'send a signal to the selected process (default TERM)'),
  k('renice', ['r'], [], 'r', 'renice the selected process (prompts for the nice value)'),
  k('nice-minus', [], ['f7'], 'F7 F8', 'nice value of the selected process -1 / +1 (htop)'),
  k('nice-plus', [], ['f8'], '', ''),
  k('tree', ['V'], ['f5'], 'V F5', 'tree (forest) view'),
  k('threads', ['H'], [], 'H', 'one row per thread'),
  k('per-cpu', ['1'], [], '1', 'per-CPU bars on / off'),
  k('full-command', ['c'], [], 'c', 'command name / full command line'),
  k('idle', ['i'], [], 'i', 'hide / show idle tasks'),
  k('delay', ['d', 's'], [], 'd', 'change the refresh delay (seconds)'),
  k('freeze', [' '], [], 'space', 'freeze / thaw the display'),
  k('write-config', ['W'], [], 'W', 'write the configuration (sysmon/config.json in the XDG config dir)'),
  k('next-view', [], ['tab'], 'Tab S-Tab', 'next / previous view: processes, filesystems, mounts'),
  k('prev-view', [], ['S-tab'], '', ''),
  k('details', [], ['enter', 'return'], 'Enter', 'details of the selected process (Esc returns)'),
  k('up', [], ['up'], 'Up Down', 'move the selection'),
  k('down', [], ['down'], '', ''),
  k('page-up', [], ['pageup'], 'PgUp PgDn', 'move a page'),
  k('page-down', [], ['pagedown'], '', ''),
  k('home', [], ['home'], 'Home End', 'first / last row'),
  k('end', [], ['end'], '', ''),
  k('refresh', [], ['C-l'], 'Ctrl-L', 'redraw the screen'),
  k('help', ['h', '?'], ['f1'], 'h ? F1', 'this help'),
  k('back', [], ['escape'], 'Esc', 'close a prompt, help, details or the field chooser'),
  k('quit', ['q'], ['f10', 'C-c'], 'q F10 Ctrl-C', 'quit'),
];

/** The action for a key press (typed character first, then the key name), or undefined. */
export function actionFor(ch: string | undefined, name: string | undefined): Action | undefined {
  if (ch !== undefined && ch !== '') {
    for (const b of KEYMAP) if (b.chars.includes(ch)) return b.action;
  }
  if (name !== undefined) {
    for (const b of KEYMAP) if (b.names.includes(name)) return b.action;
  }
  return undefined;
}

/** The help screen: one line per documented binding, keys in a column. Mouse use last. */
export function helpLines(): string[] {
  const rows = KEYMAP.filter((b) => b.label !== '');
  const w = Math.max(...rows.map((b) => b.label.length));
  return [
    ...rows.map((b) => `${b.label.padEnd(w)}  ${b.description}`),
    `${'mouse'.padEnd(w)}  click a row to select it, a column header to sort by it (again: reverse); wheel scrolls`,
  ];
}
