import { describe, expect, it } from 'vitest';
import { haveTmux, TmuxSession } from './tmux-harness.js';

// The main screen as a person sees it at the three sizes the issue names, in every theme: which panels show,
// that nothing runs past the edge, and that each theme's own colours reach the terminal (NO_COLOR: none).
if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

const SIZES = [[40, 12], [80, 24], [200, 60]] as const;
/** A background each theme paints the table header with (theme.ts): proof the theme reached the screen. */
const HEADER_BG: Record<string, string> = { default: '48;5;73', light: '48;5;152', 'colour-blind': '48;5;117' };

describe('main screen', () => {
  for (const [w, h] of SIZES) {
    for (const theme of ['default', 'light', 'colour-blind', 'NO_COLOR']) {
      it(`${w}x${h}, ${theme}: panels by size, lines within the width, the theme's colours`, async () => {
        const s = new TmuxSession({
          width: w,
          height: h,
          args: ['-d', '1', '--no-config', ...(theme === 'NO_COLOR' ? [] : ['--theme', theme])],
          ...(theme === 'NO_COLOR' ? { env: { NO_COLOR: '1' } } : {}),
        });
        try {
          s.start();
          // Rates need two ticks: wait for the network legend to show a figure on the large screen. A capture
          // can land while a frame is being written: wait for one whose last line (the status line) is drawn.
          const statusLine = (scr: string): boolean => /\d+(\.\d+)?s\s*$/.test(scr.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '');
          const screen = await s.waitFor(
            (scr) => /^\s*PID\s+USER/m.test(scr) && statusLine(scr) && (w < 200 || /Network rx \S+\/s/.test(scr)),
            15_000,
            'the main screen',
          );
          const lines = screen.split('\n');
          for (const l of lines) expect(l.length).toBeLessThanOrEqual(w);
          expect(lines.filter((l) => l.trim() !== '').at(-1)).toMatch(/\d+(\.\d+)?s\s*$/);
          if (w === 40) {
            expect(screen).not.toMatch(/CPU history|Network|Filesystems, fullest/);
          } else if (w === 80) {
            expect(screen).toMatch(/CPU history/);
            expect(screen).toMatch(/Memory used/);
          } else {
            for (const title of ['CPU history', 'Memory used', 'Network rx', 'Disk read', 'Filesystems, fullest first', 'Load ']) {
              expect(screen).toContain(title);
            }
            expect(screen).toMatch(/PSI %|no pressure stall information/);
            // The fullest filesystem is the root's or fuller: a percentage and a mount point.
            expect(screen).toMatch(/\d+% \S+\/\S+ +\//);
          }
          const coloured = s.capture(true);
          if (theme === 'NO_COLOR') {
            expect(coloured).not.toMatch(/\x1b\[[0-9;]*(?:3[0-7]|38;5;\d+|4[0-7]|48;5;\d+|9[0-7])m/);
            expect(coloured).toMatch(/\x1b\[[0-9;]*7m/);
          } else {
            expect(coloured).toContain(HEADER_BG[theme]);
          }
          expect(await s.quit()).toEqual({ status: 0, stderr: '' });
        } finally {
          s.kill();
        }
      }, 40_000);
    }
  }

  it('hides a panel with its key and says an unknown theme is a usage error', async () => {
    const s = new TmuxSession({ width: 200, height: 60, args: ['-d', '1', '--no-config'] });
    try {
      s.start();
      await s.waitFor((scr) => /Network rx/.test(scr) && /^\s*PID\s+USER/m.test(scr), 15_000, 'the network panel');
      s.keys(['4']);
      await s.waitFor((scr) => !/Network rx/.test(scr) && /network panel hidden/.test(scr), 8000, 'the network panel gone');
      s.keys(['4']);
      await s.waitFor((scr) => /Network rx/.test(scr), 8000, 'the network panel back');
      s.keys(['q']);
      expect(await s.exitStatus()).toBe(0);
    } finally {
      s.kill();
    }
    const bad = new TmuxSession({ width: 80, height: 24, args: ['--theme', 'sepia'] });
    try {
      bad.start();
      expect(await bad.exitStatus()).toBe(2);
      expect(bad.stderr().trim()).toBe("sysmon: unknown theme 'sepia' (themes: default, light, colour-blind)");
    } finally {
      bad.kill();
    }
  }, 60_000);
});
