/**
 * Colours of the dashboard as blessed tags. Views wrap text through a theme so the same view renders plain
 * (tests, NO_COLOR) or coloured; every colour is from the 256-colour palette, so blessed keeps them only when
 * it read a 256-colour terminfo entry (see terminfo.ts).
 */

/** What a piece of text is; the theme decides how it looks. */
export type Role =
  | 'title'
  | 'label'
  | 'value'
  | 'dim'
  | 'user'
  | 'system'
  | 'nice'
  | 'iowait'
  | 'steal'
  | 'irq'
  | 'memUsed'
  | 'memCache'
  | 'swap'
  | 'chartCpu'
  | 'chartMem'
  | 'chartRx'
  | 'chartTx'
  | 'chartRead'
  | 'chartWrite'
  | 'header'
  | 'sortHeader'
  | 'selected'
  | 'running'
  | 'zombie'
  | 'key'
  | 'warn'
  | 'error';

/** How a view paints text. */
export interface Theme {
  /** True when the theme uses colours (false: NO_COLOR or tests). */
  readonly color: boolean;
  /** Make raw text (a command name may hold braces) safe to paint: blessed tags escaped, or unchanged. */
  esc(text: string): string;
  /** Wrap already-escaped text in the look of `role`. */
  paint(role: Role, text: string): string;
  /** Character that fills a bar segment of `role` (distinct characters tell segments apart without colour). */
  barChar(role: Role): string;
  /** Draw with ASCII only (the locale is not UTF-8): charts, tree branches and arrows fall back. */
  readonly ascii?: boolean;
}

/** The same theme restricted to ASCII glyphs. */
export function asciiOnly(theme: Theme): Theme {
  return { ...theme, ascii: true };
}

/** Escape `{` and `}` so blessed shows them instead of parsing a tag. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** Remove blessed tags, turning `{open}` / `{close}` back into braces: the text a tagged line shows. */
export function stripTags(text: string): string {
  return text.replace(/\{(\/?[\w\-,;!#]*)\}/g, (_m, t: string) => (t === 'open' ? '{' : t === 'close' ? '}' : ''));
}

/**
 * Tags for each role, colours as 256-colour palette indices. Not `#rrggbb`: blessed 0.1.81 caches its
 * 16-colour reductions of the palette's own RGB values, so an exact palette hex comes out as one of 16 colours.
 */
const COLOURS: Record<Role, string> = {
  title: '{bold}{117-fg}',
  label: '{74-fg}',
  value: '{bold}',
  dim: '{244-fg}',
  user: '{77-fg}',
  system: '{167-fg}',
  nice: '{69-fg}',
  iowait: '{179-fg}',
  steal: '{141-fg}',
  irq: '{176-fg}',
  memUsed: '{77-fg}',
  memCache: '{179-fg}',
  swap: '{167-fg}',
  chartCpu: '{79-fg}',
  chartMem: '{111-fg}',
  chartRx: '{79-fg}',
  chartTx: '{204-fg}',
  chartRead: '{111-fg}',
  chartWrite: '{215-fg}',
  header: '{16-fg}{73-bg}',
  sortHeader: '{bold}{16-fg}{116-bg}',
  selected: '{231-fg}{24-bg}',
  running: '{bold}{77-fg}',
  zombie: '{203-fg}',
  key: '{bold}{117-fg}',
  warn: '{221-fg}',
  error: '{bold}{203-fg}',
};

/** Without colour, attributes alone must carry the meaning (NO_COLOR allows bold, underline, inverse). */
const PLAIN: Partial<Record<Role, string>> = {
  title: '{bold}',
  value: '{bold}',
  header: '{inverse}',
  sortHeader: '{inverse}{bold}{underline}',
  selected: '{inverse}',
  running: '{bold}',
  key: '{bold}',
  error: '{bold}',
};

const BAR_CHARS: Partial<Record<Role, string>> = {
  user: '|',
  system: '|',
  nice: '|',
  iowait: '|',
  steal: '|',
  irq: '|',
  memUsed: '|',
  memCache: '|',
  swap: '|',
};

const PLAIN_BAR_CHARS: Partial<Record<Role, string>> = {
  user: '|',
  system: '#',
  nice: '+',
  iowait: 'w',
  steal: 's',
  irq: 'i',
  memUsed: '|',
  memCache: ':',
  swap: '|',
};

/** The 256-colour theme. */
export const colourTheme: Theme = {
  color: true,
  esc: escapeTags,
  paint: (role, text) => (text === '' ? '' : `${COLOURS[role]}${text}{/}`),
  barChar: (role) => BAR_CHARS[role] ?? '|',
};

/** No colours, attributes only (NO_COLOR). */
export const monoTheme: Theme = {
  color: false,
  esc: escapeTags,
  paint: (role, text) => {
    const open = PLAIN[role];
    return open === undefined || text === '' ? text : `${open}${text}{/}`;
  },
  barChar: (role) => PLAIN_BAR_CHARS[role] ?? '|',
};

/** Nothing at all: views render bare text, which is what unit tests compare. */
export const bareTheme: Theme = {
  color: false,
  esc: (text) => text,
  paint: (_role, text) => text,
  barChar: (role) => PLAIN_BAR_CHARS[role] ?? '|',
};

/** For light terminal backgrounds: darker foregrounds, pale header and selection backgrounds. */
const LIGHT: Record<Role, string> = {
  ...COLOURS,
  title: '{bold}{25-fg}',
  label: '{24-fg}',
  dim: '{242-fg}',
  user: '{28-fg}',
  system: '{124-fg}',
  nice: '{19-fg}',
  iowait: '{130-fg}',
  steal: '{90-fg}',
  irq: '{127-fg}',
  memUsed: '{28-fg}',
  memCache: '{130-fg}',
  swap: '{124-fg}',
  chartCpu: '{29-fg}',
  chartMem: '{25-fg}',
  chartRx: '{29-fg}',
  chartTx: '{161-fg}',
  chartRead: '{25-fg}',
  chartWrite: '{166-fg}',
  header: '{16-fg}{152-bg}',
  sortHeader: '{bold}{16-fg}{117-bg}',
  selected: '{16-fg}{153-bg}',
  running: '{bold}{28-fg}',
  zombie: '{160-fg}',
  key: '{bold}{25-fg}',
  warn: '{130-fg}',
  error: '{bold}{160-fg}',
};

/**
 * Colour-blind safe: the Okabe-Ito palette (blue, orange, sky blue, bluish green, vermillion, reddish purple,
 * yellow) in its nearest 256-colour entries. Pairs that must differ (user/system, rx/tx, read/write) are
 * blue/orange, which stay apart under protanopia, deuteranopia and tritanopia; bars also differ by character.
 */
const COLOUR_BLIND: Record<Role, string> = {
  ...COLOURS,
  title: '{bold}{74-fg}',
  label: '{74-fg}',
  user: '{32-fg}',
  system: '{214-fg}',
  nice: '{117-fg}',
  iowait: '{227-fg}',
  steal: '{175-fg}',
  irq: '{175-fg}',
  memUsed: '{32-fg}',
  memCache: '{214-fg}',
  swap: '{166-fg}',
  chartCpu: '{32-fg}',
  chartMem: '{36-fg}',
  chartRx: '{32-fg}',
  chartTx: '{214-fg}',
  chartRead: '{32-fg}',
  chartWrite: '{214-fg}',
  header: '{16-fg}{117-bg}',
  sortHeader: '{bold}{16-fg}{227-bg}',
  selected: '{231-fg}{25-bg}',
  running: '{bold}{36-fg}',
  zombie: '{166-fg}',
  key: '{bold}{117-fg}',
  warn: '{227-fg}',
  error: '{bold}{166-fg}',
};

function tagTheme(colours: Record<Role, string>): Theme {
  return {
    color: true,
    esc: escapeTags,
    paint: (role, text) => (text === '' ? '' : `${colours[role]}${text}{/}`),
    barChar: (role) => BAR_CHARS[role] ?? '|',
  };
}

/** The light-background theme (`--theme light`). */
export const lightTheme: Theme = tagTheme(LIGHT);
/** The colour-blind safe theme (`--theme colour-blind`); bars also differ by character. */
export const colourBlindTheme: Theme = { ...tagTheme(COLOUR_BLIND), barChar: (role) => PLAIN_BAR_CHARS[role] ?? '|' };

/** Theme names for `--theme` and the config file's `theme`. */
export const THEME_NAMES = ['default', 'light', 'colour-blind'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

/** The theme for an environment: no colour when NO_COLOR is set to anything non-empty (no-color.org), whatever the name. */
export function themeFor(env: Record<string, string | undefined>, name: ThemeName = 'default'): Theme {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return monoTheme;
  return name === 'light' ? lightTheme : name === 'colour-blind' ? colourBlindTheme : colourTheme;
}

/** A theme name as the user may spell it (`colour-blind`, `color-blind`, `colorblind`), or null. */
export function parseThemeName(text: string): ThemeName | null {
  const t = text.trim().toLowerCase().replace(/colou?r-?blind(-safe)?/, 'colour-blind');
  return (THEME_NAMES as readonly string[]).includes(t) ? (t as ThemeName) : null;
}
