import { describe, expect, it } from 'vitest';
import { quoteFileName } from '../../src/format/shell-quote.js';

describe('quoteFileName (coreutils shell-escape quoting)', () => {
  it('leaves plain names alone unless told to quote always', () => {
    expect(quoteFileName('/usr/lib', false, true)).toBe('/usr/lib');
    expect(quoteFileName('/usr/lib', true, true)).toBe("'/usr/lib'");
    expect(quoteFileName('', false, true)).toBe("''");
  });
  it('quotes shell-special names, with double quotes for a lone quote', () => {
    expect(quoteFileName('a b', false, true)).toBe("'a b'");
    expect(quoteFileName("it's", false, true)).toBe(`"it's"`);
    expect(quoteFileName("it's $x", false, true)).toBe(`'it'\\''s $x'`);
    expect(quoteFileName('~x', false, true)).toBe("'~x'");
    expect(quoteFileName('x~', false, true)).toBe('x~');
    expect(quoteFileName('{', false, true)).toBe("'{'");
  });
  it('writes control characters as $-escapes, never raw', () => {
    expect(quoteFileName('\tx', false, true)).toBe("''$'\\t''x'");
    expect(quoteFileName('a\x1b[31m\u009bb', false, true)).toBe("'a'$'\\033''[31m'$'\\302\\233''b'");
    expect(quoteFileName('\x07\x7f', false, true)).toBe("''$'\\a\\177'");
  });
  it('escapes non-ASCII text outside a UTF-8 locale', () => {
    expect(quoteFileName('caf\u00e9', false, true)).toBe('caf\u00e9');
    expect(quoteFileName('caf\u00e9', false, false)).toBe("'caf'$'\\303\\251'");
  });
});
