import { describe, expect, it } from 'vitest';
import { escapePairs, escapeRaw, pairsLine, rawLine, scolsJson } from '../../src/format/scols.js';

// The byte rules below are what util-linux 2.38 findmnt and lsblk printed on this project's machine for a mount
// point named /tmp/q"$`\<TAB>z<U+009B>é (see docs/drop-in.md); the fixture goldens check the same rules end to end.
describe('libsmartcols raw and pairs escaping', () => {
  const hostile = '/tmp/q"$`\\\tz\u009bé';

  it('-r escapes blanks, controls, the backslash and non-ASCII bytes, and leaves quotes alone', () => {
    expect(escapeRaw(hostile)).toBe('/tmp/q"$`\\x5c\\x09z\\xc2\\x9b\\xc3\\xa9');
    expect(escapeRaw('/tmp/m 3\n/tmp/m2')).toBe('/tmp/m\\x203\\x0a/tmp/m2');
    expect(escapeRaw('plain')).toBe('plain');
  });

  it('-P escapes what a shell would expand and keeps spaces', () => {
    expect(escapePairs(hostile)).toBe('/tmp/q\\x22\\x24\\x60\\x5c\\x09z\\xc2\\x9b\\xc3\\xa9');
    expect(escapePairs('/tmp/m 3')).toBe('/tmp/m 3');
  });

  it('lines: raw cells one space apart, pairs as NAME="value"', () => {
    expect(rawLine(['a b', ''])).toBe('a\\x20b ');
    expect(pairsLine(['NAME', 'USE%'], ['vda', '9%'])).toBe('NAME="vda" USE%="9%"');
  });
});

describe('libsmartcols JSON text', () => {
  it('indents by three, joins siblings with },{ and nests children', () => {
    const text = scolsJson('blockdevices', [
      { members: [['name', 'vda'], ['rm', false], ['ra', 128], ['mountpoints', ['/a b', '/']]], children: [
        { members: [['name', 'vda1'], ['mountpoints', [null]]] },
      ] },
      { members: [['name', 'zram0'], ['state', null]] },
    ]);
    expect(text).toBe(
      [
        '{',
        '   "blockdevices": [',
        '      {',
        '         "name": "vda",',
        '         "rm": false,',
        '         "ra": 128,',
        '         "mountpoints": [',
        '             "/a b", "/"',
        '         ],',
        '         "children": [',
        '            {',
        '               "name": "vda1",',
        '               "mountpoints": [',
        '                   null',
        '               ]',
        '            }',
        '         ]',
        '      },{',
        '         "name": "zram0",',
        '         "state": null',
        '      }',
        '   ]',
        '}',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(text).blockdevices[0].children[0].name).toBe('vda1');
  });

  it('an empty document holds a blank line, as lsblk -J -S prints it', () => {
    expect(scolsJson('blockdevices', [])).toBe('{\n   "blockdevices": [\n\n   ]\n}\n');
  });

  it('C1 controls leave as \\u escapes, never raw', () => {
    const text = scolsJson('filesystems', [{ members: [['target', '/x\u009b\t"']] }]);
    expect(text).toContain('"/x\\u009b\\t\\""');
    expect(text).not.toMatch(/[\u0080-\u009f]/);
  });
});
