import type { ProcessRow } from '../core/process.js';
import type { FieldRegistry } from '../fields/registry.js';
import { SCREEN_PANELS } from './panels.js';

/**
 * Every key of the dashboard, described once: the controller dispatches from this table and the help screen
 * (and docs/dashboard.md) lists it. top's keys first, htop's where top has none. The sort keys (P M N T ...)
 * are not written here: they are the process registry's hotkeys, turned into `sort:<field>` actions.
 *
 * A key is spelt as the config file spells it: one character is the typed character (case matters: `P`,
 * `?`, ` `), anything longer is blessed's key name (`f9`, `C-c`, `up`, `tab`, `S-tab`, `escape`).
 */

/** What a key does; the controller implements each action. */
export type FixedAction =
  | 'host-totals'
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
  | 'group'
  | 'delay'
  | 'freeze'
  | 'write-config'
  | 'help'
  | 'quit'
  | 'details'
  | 'next-view'
  | 'prev-view'
  | 'older'
  | 'newer'
  | 'goto-time'
  | 'slower'
  | 'faster'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'half-page-up'
  | 'half-page-down'
  | 'home'
  | 'end'
  | 'refresh'
  | 'back'
  | 'rotate-panels'
  // Field chooser (f): its own mode, the same table.
  | 'chooser-up'
  | 'chooser-down'
  | 'chooser-toggle'
  | 'chooser-sort'
  | 'chooser-pick'
  | 'chooser-drop'
  | 'chooser-close';

/** A fixed action, `sort:<field key>` for a registry hotkey, or `panel:<id>` to show / hide a panel. */
export type Action = FixedAction | `sort:${string}` | `panel:${string}`;

/** Where a binding applies: the main screen (and details) or the field chooser. */
export type KeyMode = 'main' | 'chooser';

/** One key binding. */
export interface KeyBinding {
  action: Action;
  mode: KeyMode;
  /** Keys, spelt as in the config file (see the module comment). */
  keys: string[];
  description: string;
  /** Shown on the help screen next to the previous binding (the second of a pair such as `< >`). */
  pairedWithPrevious?: boolean;
}

function k(action: FixedAction, keys: string[], description: string, mode: KeyMode = 'main'): KeyBinding {
  return { action, mode, keys, description };
}
function pair(action: FixedAction, keys: string[], mode: KeyMode = 'main'): KeyBinding {
  return { action, mode, keys, description: '', pairedWithPrevious: true };
}

/** The fixed bindings (sort hotkeys come from the registry and go first). */
export const FIXED_BINDINGS: readonly KeyBinding[] = [
  k('reverse', ['R'], 'reverse the sort order'),
  k('sort-left', ['<'], 'sort by the column left / right of the sort column'),
  pair('sort-right', ['>']),
  k('fields', ['f', 'F', 'f6'], 'field chooser: show, hide, move columns; pick the sort'),
  k('filter', ['/', 'o', 'O', 'f4'], 'filter: FIELD=text, FIELD>n, FIELD<n, ! negates, plain text matches the command'),
  k('clear-filters', ['='], 'clear the filters and the user filter'),
  k('user', ['u', 'U'], 'show one user (name or uid; !name hides that user)'),
  k('kill', ['k', 'f9'], 'send a signal to the selected process (default TERM)'),
  k('renice', ['r'], 'renice the selected process (prompts for the nice value)'),
  k('nice-minus', ['f7'], 'nice value of the selected process -1 / +1 (htop)'),
  pair('nice-plus', ['f8']),
  k('tree', ['V', 'f5'], 'tree (forest) view'),
  k('threads', ['H'], 'one row per thread'),
  k('per-cpu', ['1'], 'per-CPU bars on / off'),
  k('rotate-panels', ['0'], 'move the first panel of the main screen to the end'),
  k('full-command', ['c'], 'command name / full command line'),
  k('idle', ['i'], 'hide / show idle tasks'),
  k('group', ['b'], 'one row per command name (summed CPU, memory, I/O; the count after the name)'),
  k('delay', ['d', 's'], 'change the refresh delay (seconds)'),
  k('freeze', [' '], 'freeze / thaw the display'),
  k('host-totals', ['C'], "inside a limited cgroup: memory and CPU against its limits / the host's totals"),
  k('write-config', ['W'], 'write the configuration (sysmon/config.json in the XDG config dir)'),
  k('next-view', ['tab'], 'next / previous view'),
  pair('prev-view', ['S-tab']),
  k('older', ['{'], 'older / newer snapshot, when the history is recorded'),
  pair('newer', ['}']),
  // Replay binds t / T / g to these (sysmon replay); the live dashboard keeps T for TIME+ and g for home.
  k('goto-time', ['@'], 'go to a recorded time (replay; the live view when a recorder is writing)'),
  k('slower', ['['], 'replay speed: slower / faster'),
  pair('faster', [']']),
  k('details', ['enter', 'return'], 'details of the selected process (Esc returns)'),
  // vi's k stays top's kill; `keys` in the config file can give it to up (see docs/dashboard.md).
  k('up', ['up'], 'move the selection'),
  pair('down', ['down', 'j']),
  k('page-up', ['pageup'], 'move a page'),
  pair('page-down', ['pagedown']),
  k('half-page-up', ['C-u'], 'move half a page (vi)'),
  pair('half-page-down', ['C-d']),
  k('home', ['home', 'g'], 'first / last row'),
  pair('end', ['end', 'G']),
  k('refresh', ['C-l'], 'redraw the screen'),
  k('help', ['h', '?', 'f1'], 'this help'),
  k('back', ['escape'], 'close a prompt, help, details or the field chooser'),
  k('quit', ['q', 'f10', 'C-c'], 'quit'),
  k('chooser-up', ['up', 'k'], 'field chooser: move the cursor', 'chooser'),
  pair('chooser-down', ['down', 'j'], 'chooser'),
  k('chooser-toggle', ['d', ' ', 'space'], 'field chooser: show / hide the field', 'chooser'),
  k('chooser-sort', ['s'], 'field chooser: sort by the field', 'chooser'),
  k('chooser-pick', ['right'], 'field chooser: pick the field up to move it / put it down', 'chooser'),
  pair('chooser-drop', ['left', 'enter', 'return'], 'chooser'),
  k('chooser-close', ['escape', 'q', 'f', 'F', 'f6'], 'field chooser: close', 'chooser'),
];

/** How the help screen spells a key. */
export function keyLabel(key: string): string {
  if (key === ' ' || key === 'space') return 'space';
  if (key.length === 1) return key;
  const named: Record<string, string> = {
    tab: 'Tab', 'S-tab': 'S-Tab', enter: 'Enter', return: 'Enter', escape: 'Esc', up: 'Up', down: 'Down', left: 'Left',
    right: 'Right', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  };
  if (named[key]) return named[key]!;
  if (/^f\d+$/.test(key)) return key.toUpperCase();
  if (/^C-.$/.test(key)) return `Ctrl-${key.slice(2).toUpperCase()}`;
  return key;
}

/** Changes to the default bindings: action -> the keys it has instead (config file `keys`). */
export type KeyOverrides = Readonly<Record<string, readonly string[]>>;

/** The keys in force: lookup by key press and the help screen. */
export class Keymap {
  private readonly byMode = new Map<KeyMode, Map<string, Action>>();
  private readonly byAction = new Map<Action, string[]>();

  constructor(readonly bindings: readonly KeyBinding[]) {
    for (const b of bindings) {
      this.byAction.set(b.action, [...(this.byAction.get(b.action) ?? []), ...b.keys]);
      let m = this.byMode.get(b.mode);
      if (!m) this.byMode.set(b.mode, (m = new Map()));
      // The first binding of a key wins, so a remapped key takes the key away from its old action.
      for (const key of b.keys) if (!m.has(key)) m.set(key, b.action);
    }
  }

  /** The action for a key press (typed character first, then the key name), or undefined. */
  actionFor(ch: string | undefined, name: string | undefined, mode: KeyMode = 'main'): Action | undefined {
    const m = this.byMode.get(mode);
    if (!m) return undefined;
    if (ch !== undefined && ch.length === 1) {
      const a = m.get(ch);
      if (a !== undefined) return a;
    }
    if (name !== undefined && name.length > 1) return m.get(name);
    return undefined;
  }

  /** The keys bound to `action` now. */
  keysOf(action: Action): string[] {
    return this.byAction.get(action) ?? [];
  }

  /** The help screen: one line per binding (pairs on one line), keys in a column, mouse use last. */
  helpLines(): string[] {
    const rows: { label: string; description: string }[] = [];
    for (const b of this.bindings) {
      const labels = [...new Set(b.keys.map(keyLabel))].join(' ');
      const prev = rows[rows.length - 1];
      if (b.pairedWithPrevious && prev) prev.label = `${prev.label} / ${labels}`;
      else rows.push({ label: labels === '' ? '(none)' : labels, description: b.description });
    }
    const w = Math.min(24, Math.max(...rows.map((r) => r.label.length)));
    return [
      ...rows.map((r) => `${r.label.padEnd(w)}  ${r.description}`),
      `${'mouse'.padEnd(w)}  click a row to select it, a column header to sort by it (again: reverse); wheel scrolls`,
    ];
  }
}

/** The sort bindings: one per process field with a hotkey, described from the field. */
export function sortBindings(reg: FieldRegistry<ProcessRow>): KeyBinding[] {
  return reg.fields
    .filter((f) => f.hotkey !== undefined)
    .map((f) => ({ action: `sort:${f.key}` as Action, mode: 'main' as const, keys: [f.hotkey!], description: `sort by ${f.header}` }));
}

/** The panel bindings: one per main-screen panel, its key from panels.ts. */
export function panelBindings(): KeyBinding[] {
  return SCREEN_PANELS.map((p) => ({ action: `panel:${p.id}` as Action, mode: 'main' as const, keys: [p.key], description: `show / hide: ${p.description}` }));
}

/**
 * The keymap in force: the registry's sort hotkeys, then the fixed bindings, each with the keys the
 * overrides give it instead. Returns the map and the problems of the overrides (unknown actions).
 */
export function buildKeymap(reg: FieldRegistry<ProcessRow>, overrides: KeyOverrides = {}): { keymap: Keymap; problems: string[] } {
  const all = [...sortBindings(reg), ...FIXED_BINDINGS, ...panelBindings()];
  const known = new Set(all.map((b) => b.action as string));
  const problems = Object.keys(overrides).filter((a) => !known.has(a)).map((a) => `keys: unknown action ${a}`);
  const modeOf = new Map(all.map((b) => [b.action as string, b.mode]));
  const remapped = new Set<string>();
  for (const [action, keys] of Object.entries(overrides)) {
    if (known.has(action)) for (const key of keys) remapped.add(`${modeOf.get(action)} ${key}`);
  }
  const bindings = all.map((b) => {
    const o = overrides[b.action];
    if (o) return { ...b, keys: [...o] };
    // A key given to another action by the overrides leaves its default action (in the same mode).
    return { ...b, keys: b.keys.filter((key) => !remapped.has(`${b.mode} ${key}`)) };
  });
  return { keymap: new Keymap(bindings), problems };
}
