import { describe, expect, it } from 'vitest';
import { formatMatchers, parseLabelSelector, selector } from '../../src/remote/label-selector.js';

describe('--match label selector', () => {
  it('parses the four operators, three quote styles and escapes', () => {
    const m = parseLabelSelector(`{job="nodes", dc!='eu', host=~"web.*",x!~\`a\\b\`, q="say \\"hi\\""}`);
    expect(m).toEqual([
      { name: 'job', op: '=', value: 'nodes' },
      { name: 'dc', op: '!=', value: 'eu' },
      { name: 'host', op: '=~', value: 'web.*' },
      { name: 'x', op: '!~', value: 'a\\b' },
      { name: 'q', op: '=', value: 'say "hi"' },
    ]);
    expect(formatMatchers(m)).toBe('job="nodes",dc!="eu",host=~"web.*",x!~"a\\\\b",q="say \\"hi\\""');
  });

  it('braces are optional; empty means everything', () => {
    expect(parseLabelSelector('job="a"')).toEqual([{ name: 'job', op: '=', value: 'a' }]);
    expect(parseLabelSelector('{}')).toEqual([]);
    expect(parseLabelSelector('')).toEqual([]);
  });

  it('puts the matchers into every query selector', () => {
    const m = parseLabelSelector('{job="nodes"}');
    expect(selector('up', m)).toBe('up{job="nodes"}');
    expect(selector('node_cpu_seconds_total', m, 'mode="idle"')).toBe('node_cpu_seconds_total{job="nodes",mode="idle"}');
    expect(selector('up', [])).toBe('up{}');
  });

  it.each([
    ['{job=nodes}', 'must be quoted'],
    ['{job="a"', 'missing closing }'],
    ['up{job="a"}', 'without a metric name'],
    ['{job="a" dc="b"}', 'expected , between matchers'],
    ['{9x="a"}', 'expected a label name'],
    ['{job~"a"}', 'expected =, !=, =~ or !~'],
    ['{job="a}', 'unterminated string'],
  ])('refuses %s with one reason', (text, why) => {
    expect(() => parseLabelSelector(text)).toThrow(why);
  });
});
