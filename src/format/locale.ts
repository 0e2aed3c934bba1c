/**
 * Whether the locale's charset is UTF-8: the first of LC_ALL, LC_CTYPE and LANG that is set decides, as
 * setlocale does. The C tools draw trees in ASCII and escape non-ASCII names outside such a locale.
 */
export function utf8Locale(env: NodeJS.ProcessEnv = process.env): boolean {
  const loc = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(loc);
}
