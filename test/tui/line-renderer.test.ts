import { describe, expect, it } from 'vitest';
import { LineDiff, reduceColour, renderTaggedLine } from '../../src/tui/line-renderer.js';

describe('renderTaggedLine', () => {
  it('turns the theme tags into SGR, pads to the width and resets at the end', () => {
    expect(renderTaggedLine('{bold}{117-fg}CPU{/} 5%', 10, 256)).toBe('\x1b[1m\x1b[38;5;117mCPU\x1b[0m 5%    ');
    expect(renderTaggedLine('{16-fg}{73-bg}PID{/}', 3, 256)).toBe('\x1b[38;5;16m\x1b[48;5;73mPID\x1b[0m');
    expect(renderTaggedLine('{inverse}x{/}', 1, 0)).toBe('\x1b[7mx\x1b[0m');
  });
  it('cuts at the width, counting only what shows', () => {
    expect(renderTaggedLine('{bold}abcdef{/}', 3, 256)).toBe('\x1b[1mabc\x1b[0m');
    expect(renderTaggedLine('{open}a{close}', 5, 256)).toBe('{a}  ');
    expect(renderTaggedLine('▂▇██', 2, 256)).toBe('▂▇');
  });
  it('never passes a control character to the terminal', () => {
    expect(renderTaggedLine('a\x1b[2Jb\x9bc\x07', 9, 256)).toBe('a?[2Jb?c?');
  });
  it('reduces palette colours on 16- and 8-colour terminals, and drops them without colour', () => {
    expect(reduceColour(196, 16)).toBe(9);
    expect(reduceColour(9, 8)).toBe(1);
    expect(renderTaggedLine('{196-fg}x{/}', 1, 16)).toBe('\x1b[91mx\x1b[0m');
    expect(renderTaggedLine('{196-fg}x{/}', 1, 8)).toBe('\x1b[31mx\x1b[0m');
    expect(renderTaggedLine('{196-fg}x{/}', 1, 0)).toBe('x');
  });
});

describe('LineDiff', () => {
  it('draws everything first, then only the lines that changed, nothing when nothing did', () => {
    const d = new LineDiff(256);
    const area = (lines: string[]) => [{ key: 'main', top: 2, left: 0, width: 4, height: 3, lines }];
    const first = d.frame(area(['a', 'b', 'c']));
    expect(first).toContain('\x1b[2J');
    expect(first).toContain('\x1b[3;1Ha   ');
    expect(d.frame(area(['a', 'b', 'c']))).toBe('');
    expect(d.frame(area(['a', 'X', 'c']))).toBe('\x1b[4;1HX   ');
    d.invalidate();
    expect(d.frame(area(['a', 'X', 'c']))).toContain('\x1b[2J');
  });
  it('clears and redraws when an area goes away or moves', () => {
    const d = new LineDiff(256);
    d.frame([{ key: 'a', top: 0, left: 0, width: 2, height: 1, lines: ['x'] }, { key: 'b', top: 1, left: 0, width: 2, height: 1, lines: ['y'] }]);
    expect(d.frame([{ key: 'a', top: 0, left: 0, width: 2, height: 1, lines: ['x'] }])).toContain('\x1b[2J');
    expect(d.frame([{ key: 'a', top: 1, left: 0, width: 2, height: 1, lines: ['x'] }])).toContain('\x1b[2J');
  });
});
