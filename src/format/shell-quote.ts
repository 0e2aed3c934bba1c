/**
 * File names in coreutils' diagnostics (df, du): gnulib's quotearg "shell-escape" styles, so a script that
 * parses `df: '/a b': No such file or directory` sees the same text, and a name's control characters reach
 * the terminal as `$'\033'`, never raw.
 *
 * - Quoted when the name holds a shell-special character (`always` quotes every name, as du does).
 * - In single quotes, a `'` as `'\''`; in double quotes when `'` is the only reason to quote and nothing in
 *   the name is special inside double quotes.
 * - Unprintable characters (C0, DEL, C1, invalid text, and every non-ASCII character outside a UTF-8 locale)
 *   leave the quotes for `$'...'` with `\n`-style letters or three-digit octal per UTF-8 byte.
 */

import { utf8Locale } from './locale.js';

const LETTER: Record<string, string> = { '\x07': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' };
// Anywhere in the name, these make the shell read it differently.
const SPECIAL = new Set([...' !"$&\'()*:;<=>?[\\^`|']);
// Special inside double quotes, so a name holding one stays in single quotes.
const DOUBLE_SPECIAL = /[$`\\"!]/;

const encoder = new TextEncoder();

function unprintable(ch: string, utf8: boolean): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  if (c > 0x7f && !utf8) return true;
  // A lone surrogate half or U+FFFD: what an invalid byte in the name was decoded to.
  return (c >= 0xd800 && c <= 0xdfff) || c === 0xfffd || c === 0x2028 || c === 0x2029;
}

function escaped(ch: string): string {
  const letter = LETTER[ch];
  if (letter) return `\\${letter}`;
  let out = '';
  for (const b of encoder.encode(ch)) out += `\\${b.toString(8).padStart(3, '0')}`;
  return out;
}

/**
 * `name` as coreutils quotes a file name in a diagnostic. `always`: quote even a plain name (du's
 * `cannot access '/x'`); otherwise only when needed (df's `/x: No such file or directory`). `utf8`: the
 * locale's charset is UTF-8 (printable non-ASCII text then stays as it is).
 */
export function quoteFileName(name: string, always = false, utf8 = utf8Locale()): string {
  const chars = [...name];
  let needs = always || name === '';
  let bad = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (unprintable(ch, utf8)) bad = true;
    else if (SPECIAL.has(ch)) needs = true;
    else if ((ch === '#' || ch === '~') && i === 0) needs = true;
    else if ((ch === '{' || ch === '}') && chars.length === 1) needs = true;
  }
  if (!needs && !bad) return name;
  if (!bad && name.includes("'") && !DOUBLE_SPECIAL.test(name)) return `"${name}"`;
  let out = "'";
  let inEscape = false;
  for (const ch of chars) {
    if (unprintable(ch, utf8)) {
      if (!inEscape) out += "'$'";
      inEscape = true;
      out += escaped(ch);
      continue;
    }
    if (inEscape) out += "''";
    inEscape = false;
    out += ch === "'" ? "'\\''" : ch;
  }
  return `${out}'`;
}
