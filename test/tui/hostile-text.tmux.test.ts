import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHostileRoot, WIDE_COMM } from '../helpers/hostile-root.js';
import { haveTmux, TmuxSession } from './tmux-harness.js';

// The dashboard on a fixture root whose names hold every control character (C0, DEL, C1, invalid UTF-8) and
// CJK text: the process table, the Filesystems and the Mounts views draw them escaped, CJK as itself and
// lined up by display width, and nothing the names hold acts on the terminal (no colour, no title, no line).
if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

let fixture: ReturnType<typeof makeHostileRoot>;
let s: TmuxSession;

beforeAll(() => {
  fixture = makeHostileRoot();
  s = new TmuxSession({ width: 140, height: 50, env: { SYSMON_ROOT: fixture.root } });
  s.start();
});
afterAll(() => {
  s?.kill();
  fixture?.cleanup();
});

function paneTitle(): string {
  return execFileSync('tmux', ['-L', s.socket, 'display-message', '-p', '-t', '0', '#{pane_title}'], { encoding: 'utf8' }).trim();
}

function checkNothingLeaked(screen: string): void {
  expect(screen).not.toMatch(/^INJECTED/m);
  expect(screen).not.toMatch(/\tINJECTED/);
  const coloured = s.capture(true);
  // The theme paints with 256-colour indices; a bare SGR 31 can only come from a name's `ESC [31m`.
  expect(coloured).not.toMatch(/\x1b\[31m/);
  expect(paneTitle()).not.toBe('title');
}

describe('hostile names in the dashboard', () => {
  it('process table: escaped, CJK drawn and aligned', async () => {
    const screen = await s.waitFor((scr) => scr.includes('?2J-csi') && scr.includes(WIDE_COMM), 20_000, 'the hostile processes');
    const lines = screen.split('\n');
    expect(lines.some((l) => /^ +300 ev\?\?il .* c0\?{31}$/.test(l.trimEnd()))).toBe(true);
    expect(lines.some((l) => /^ +302 .* nl\\nINJECTED-LINE$/.test(l.trimEnd()))).toBe(true);
    expect(lines.some((l) => /^ +305 .* \?\[31mred\?\[0m\?\]0;title\?\?$/.test(l.trimEnd()))).toBe(true);
    // The process row (the fullest-filesystems panel shows /mnt/<the same name> too).
    const wide = lines.find((l) => /^ *\d+ /.test(l) && l.includes(WIDE_COMM))!;
    const bash = lines.find((l) => / bash$/.test(l.trimEnd()))!;
    // Same column for COMMAND: the prefix before it is ASCII on both rows.
    expect(wide.indexOf(WIDE_COMM)).toBe(bash.indexOf('bash'));
    checkNothingLeaked(screen);
  }, 40_000);

  it('Filesystems and Mounts views: escaped through the registries', async () => {
    // The main-screen panels hide (2-7) so the whole list fits; they are tested on their own.
    s.keys(['2', '3', '4', '5', '6', '7', 'Tab']);
    let screen = await s.waitFor((scr) => /Mounted on/.test(scr) && scr.includes(`/mnt/${WIDE_COMM}`), 20_000, 'the filesystems view');
    expect(screen).toMatch(/src-\?\[31mred\?\[0m\?\]0;title\?\? +tmpfs .* \/mnt\/\?\[31mred/);
    expect(screen).toMatch(/\/mnt\/c1\?{32}$/m);
    checkNothingLeaked(screen);
    s.keys(['Tab']);
    screen = await s.waitFor((scr) => /^TARGET +SOURCE +FSTYPE +OPTIONS/m.test(scr) && scr.includes('/mnt/c0'), 20_000, 'the mounts view');
    expect(screen).toMatch(/^ {2}\/mnt\/nl\\nINJECTED-LINE +src-nl\\nINJECTED-LINE +tmpfs +rw,relatime/m);
    expect(screen).toMatch(/^ {2}\/mnt\/c0\?{31} +src-c0\?{31} +tmpfs/m);
    checkNothingLeaked(screen);
    expect(await s.quit()).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});
