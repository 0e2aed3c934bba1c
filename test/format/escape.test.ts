import { describe, expect, it } from 'vitest';
import {
  codePointWidth, cutStartToWidth, cutToWidth, displayWidth, fitToWidth, padToWidth,
} from '../../src/format/display-width.js';
import { escapeForTerminal, escapeForTui, escapeHexBytes, hasUnsafeText, stringifyJson } from '../../src/format/escape.js';

// Every character that must not reach a terminal raw: C0, DEL, C1, the line/paragraph separators, U+FFFD
// (an invalid UTF-8 byte decoded) and lone surrogate halves.
const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const UNSAFE = [...C0, '\x7f', ...C1, '\u2028', '\u2029', '\ufffd', '\ud800', '\udbff', '\udc00', '\udfff'];
const RAW = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('escapeForTerminal (ps, top -b, df, du)', () => {
  it('turns every unsafe character into one ?', () => {
    for (const c of UNSAFE) expect(escapeForTerminal(`a${c}b`), JSON.stringify(c)).toBe('a?b');
  });
  it('leaves printable text, wide characters and surrogate pairs alone', () => {
    for (const s of ['bash', 'a b', '数据库', 'é', 'e\u0301', '😀', 'x{y}', '\u00a0', '\u00ff']) expect(escapeForTerminal(s)).toBe(s);
  });
  it('handles an ANSI sequence, CSI in C1 and OSC in one name', () => {
    expect(escapeForTerminal('\x1b[31mred\x9b2J\x9d0;t\x9c')).toBe('?[31mred?2J?0;t?');
  });
});

describe('escapeHexBytes (mounts, lsblk)', () => {
  it('writes the UTF-8 bytes of every unsafe character as \\xHH, as libsmartcols does', () => {
    expect(escapeHexBytes('a\tb')).toBe('a\\x09b');
    expect(escapeHexBytes('\n')).toBe('\\x0a');
    expect(escapeHexBytes('\x7f')).toBe('\\x7f');
    expect(escapeHexBytes('\x9b')).toBe('\\xc2\\x9b');
    expect(escapeHexBytes('\u2028')).toBe('\\xe2\\x80\\xa8');
    expect(escapeHexBytes('\ud800')).toBe('\\xef\\xbf\\xbd');
    for (const c of UNSAFE) expect(escapeHexBytes(c), JSON.stringify(c)).toMatch(/^(\\x[0-9a-f]{2})+$/);
  });
  it('escapes a backslash that starts \\x, so escaped and literal text differ', () => {
    expect(escapeHexBytes('a\\x1b')).toBe('a\\x5cx1b');
    expect(escapeHexBytes('a\\b')).toBe('a\\b');
    expect(escapeHexBytes('数据 x')).toBe('数据 x');
  });
});

describe('escapeForTui (dashboard cells)', () => {
  it('shows newline and tab as \\n \\t, everything else unsafe as ?', () => {
    expect(escapeForTui('a\nb\tc')).toBe('a\\nb\\tc');
    for (const c of UNSAFE.filter((x) => x !== '\n' && x !== '\t')) expect(escapeForTui(`a${c}b`)).toBe('a?b');
  });
});

describe('stringifyJson', () => {
  it('keeps every string recoverable and the text free of raw control characters', () => {
    const value = { s: UNSAFE.join(''), n: 1, nested: [{ t: '数据\u0301😀' }] };
    for (const indent of [undefined, 2]) {
      const text = stringifyJson(value, indent);
      // U+FFFD is valid, printable JSON text; everything else unsafe is a \u escape.
      expect(text.replace(/\n/g, '').replace(/\ufffd/g, '')).not.toMatch(RAW);
      expect(JSON.parse(text)).toEqual(value);
    }
  });
  it('is JSON.stringify for plain values', () => {
    expect(stringifyJson({ a: 'b', c: [1, null] })).toBe('{"a":"b","c":[1,null]}');
    expect(stringifyJson(undefined)).toBe('null');
  });
  it('hasUnsafeText says when escaping is needed', () => {
    for (const c of UNSAFE) expect(hasUnsafeText(c)).toBe(true);
    expect(hasUnsafeText('plain 数据 😀')).toBe(false);
  });
});

describe('display width', () => {
  it('counts CJK and fullwidth as 2, combining marks and zero-width as 0, the rest as 1', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('数据库')).toBe(6);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('é\u00ad')).toBe(2);
    expect(codePointWidth(0x303f)).toBe(1);
    expect(codePointWidth(0x3000)).toBe(2);
  });
  it('pads, cuts and fits by columns, never splitting a wide character', () => {
    expect(padToWidth('数据', 6)).toBe('数据  ');
    expect(padToWidth('数据', 6, 'right')).toBe('  数据');
    expect(padToWidth('数据库', 4)).toBe('数据库');
    expect(cutToWidth('数据库', 5)).toBe('数据 ');
    expect(cutToWidth('数据库', 4)).toBe('数据');
    expect(cutToWidth('abcdef', 3)).toBe('abc');
    expect(fitToWidth('数据库x', 7)).toBe('数据库x');
    expect(fitToWidth('ab', 4, 'right')).toBe('  ab');
    expect(cutStartToWidth('/a/数据', 5)).toBe('/数据');
    expect(cutStartToWidth('/a/数据', 4)).toBe('数据');
  });
});
