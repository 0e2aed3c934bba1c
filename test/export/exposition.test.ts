import { describe, expect, it } from 'vitest';
import {
  escapeHelp, escapeLabelValue, formatValue, isValidLabelName, isValidMetricName, writeExposition,
} from '../../src/export/exposition.js';

describe('text format escapes', () => {
  it('escapes backslash, double quote and newline in label values, nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd\te')).toBe('a\\\\b\\"c\\nd\te');
    expect(escapeLabelValue('/tmp/a b')).toBe('/tmp/a b');
  });

  it('escapes backslash and newline in HELP, not quotes', () => {
    expect(escapeHelp('say "hi"\\\nbye')).toBe('say "hi"\\\\\\nbye');
  });

  it('spells special values as Go does', () => {
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(0.125)).toBe('0.125');
    expect(formatValue(18446744073709551615)).toBe('18446744073709552000');
  });

  it('validates names', () => {
    expect(isValidMetricName('node_load1')).toBe(true);
    expect(isValidMetricName('1node')).toBe(false);
    expect(isValidMetricName('node-load')).toBe(false);
    expect(isValidLabelName('mountpoint')).toBe(true);
    expect(isValidLabelName('__name__')).toBe(false);
  });
});

describe('writeExposition', () => {
  it('writes HELP, TYPE and one line per series, and drops empty families and duplicate series', () => {
    const text = writeExposition([
      { name: 'empty_total', help: 'never shown', type: 'counter', labels: ['x'], samples: [] },
      { name: 'node_load1', help: '1m load average.', type: 'gauge', labels: [], samples: [{ labelValues: [], value: 0.5 }] },
      {
        name: 'node_filesystem_size_bytes', help: 'Filesystem size in bytes.', type: 'gauge',
        labels: ['device', 'mountpoint'],
        samples: [
          { labelValues: ['/dev/vda', '/'], value: 100 },
          { labelValues: ['src "x"', '/tmp/nl\nx'], value: 1 },
          { labelValues: ['/dev/vda', '/'], value: 999 },
        ],
      },
    ]);
    expect(text).toBe(
      '# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 0.5\n' +
        '# HELP node_filesystem_size_bytes Filesystem size in bytes.\n# TYPE node_filesystem_size_bytes gauge\n' +
        'node_filesystem_size_bytes{device="/dev/vda",mountpoint="/"} 100\n' +
        'node_filesystem_size_bytes{device="src \\"x\\"",mountpoint="/tmp/nl\\nx"} 1\n',
    );
  });
});
