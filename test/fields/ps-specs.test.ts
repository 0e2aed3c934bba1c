import { describe, expect, it } from 'vitest';
import { psSpec, psSpecFields } from '../../src/fields/ps-specs.js';
import { PS_SPEC_TABLE } from '../../src/fields/ps-spec-table.js';

// ps-specs makes each specifier's Field on first use; these check that the lazy path and the full list agree.
describe('ps specifiers, made on first use', () => {
  it('hands out one object per name, whether asked by name first or listed first', () => {
    const early = psSpec('rss');
    expect(early?.key).toBe('rss');
    const all = psSpecFields();
    expect(all.find((f) => f.key === 'rss')).toBe(early);
    for (const f of all) expect(psSpec(f.key), f.key).toBe(f);
    expect(psSpecFields()).toBe(all);
  });

  it('lists every row of the table once, in its order, each with a cell', () => {
    const keys = psSpecFields().map((f) => f.key);
    expect(keys).toEqual(PS_SPEC_TABLE.map((row) => row[0]));
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of psSpecFields()) expect(typeof f.text, f.key).toBe('function');
  });

  it('falls back to sysmon columns only for names procps does not have', () => {
    expect(psSpec('container')?.key).toBe('container');
    expect(psSpec('no-such-column')).toBeUndefined();
    // Case matters, as in ps.
    expect(psSpec('PID')).toBeUndefined();
  });
});
