import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstProcessRow, haveTmux, SYSMON, TmuxSession } from './tmux-harness.js';

// These drive the real dashboard in tmux against the live machine. Without tmux they fail loudly: the CI
// script installs it.
if (!haveTmux()) throw new Error('tmux is not installed: the dashboard tests need it (apt-get install tmux)');

/** A process holding ~600 MiB resident, far above anything else here, with a unique word in its command line. */
let hog: ChildProcess;
const marker = `sysmon-e2e-${process.pid}-${Date.now().toString(36)}`;

beforeAll(async () => {
  hog = spawn(process.execPath, ['-e', `const b = Buffer.alloc(600 * 1024 * 1024, 1); setInterval(() => b[0]++, 1000); // ${marker}`], {
    stdio: 'ignore',
  });
  // Wait until its memory is resident.
  const end = Date.now() + 10_000;
  for (;;) {
    const r = spawnSync('ps', ['-o', 'rss=', '-p', String(hog.pid)], { encoding: 'utf8' });
    if (Number(r.stdout.trim()) > 550 * 1024) break;
    if (Date.now() > end) throw new Error('memory hog did not grow');
    await new Promise((res) => setTimeout(res, 100));
  }
});

afterAll(() => {
  hog?.kill('SIGKILL');
});

function pidOf(row: string | undefined): number {
  return Number(row?.trim().split(/\s+/)[0]);
}

for (const [width, height] of [[120, 40], [40, 12]] as const) {
  describe(`dashboard at ${width}x${height}`, () => {
    const s = new TmuxSession({ width, height });
    beforeAll(() => s.start());
    afterAll(() => s.kill());

    it('draws the table, sorts by memory with M, opens details, filters and quits with q', async () => {
      await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr) && pidOf(firstProcessRow(scr)) > 0, 8000, 'the process table');
      expect(s.alternateOn()).toBe(true);

      s.keys(['M', 'Home']);
      // The hog may already lead before M is read (it is busy at start): wait for the sort to say %MEM too, where
      // the status line has room for it.
      const sorted = await s.waitFor(
        (scr) => pidOf(firstProcessRow(scr)) === hog.pid && (height < 24 || /sort %MEM/.test(scr)),
        6000,
        'the memory hog on the first row, sorted by %MEM',
      );
      if (height >= 24) expect(sorted).toMatch(/sort %MEM/);

      s.keys(['Enter']);
      await s.waitFor((scr) => scr.includes(`Process ${hog.pid} (node)`), 6000, 'the details screen');
      const details = s.capture();
      expect(details).toMatch(/Command/);
      s.keys(['Escape']);
      await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 4000, 'the table again');

      s.keys(['o']);
      await s.waitFor((scr) => scr.includes('filter'), 4000, 'the filter prompt');
      s.keys([marker], true);
      s.keys(['Enter']);
      const filtered = await s.waitFor((scr) => {
        const lines = scr.split('\n');
        const h = lines.findIndex((l) => /^\s*PID\s+USER/.test(l));
        const rows = lines.slice(h + 1).filter((l) => /^\s*\d+\s/.test(l));
        return h >= 0 && rows.length === 1 && pidOf(rows[0]) === hog.pid;
      }, 6000, 'only the hog after filtering');
      expect(filtered).toContain(String(hog.pid));

      expect(await s.quit()).toEqual({ status: 0, stderr: '' });
      expect(s.alternateOn()).toBe(false);
    });
  });
}

describe('terminal handling', () => {
  for (const term of ['xterm-256color', 'screen-256color', 'tmux-256color']) {
    it(`shows 256 colours with a clean stderr under TERM=${term}`, async () => {
      const s = new TmuxSession({ width: 100, height: 30, term });
      try {
        s.start();
        await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 8000, 'the table');
        const colours = s.capture(true).match(/\x1b\[(?:[0-9;]*;)?38;5;(\d+)/g) ?? [];
        // Palette colours above 15 only arrive when blessed read the 256-colour terminfo entry.
        expect(colours.some((c) => Number(c.split(';').at(-1)) > 15)).toBe(true);
        expect(await s.quit()).toEqual({ status: 0, stderr: '' });
      } finally {
        s.kill();
      }
    });
  }

  it('is plain under NO_COLOR', async () => {
    const s = new TmuxSession({ width: 100, height: 30, env: { NO_COLOR: '1' } });
    try {
      s.start();
      await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 8000, 'the table');
      const screen = s.capture(true);
      expect(screen).not.toMatch(/\x1b\[[0-9;]*(?:3[0-7]|38;5;\d+|4[0-7]|48;5;\d+|9[0-7])m/);
      expect(screen).toMatch(/\x1b\[[0-9;]*7m/); // the header and selection still stand out (inverse)
      s.keys(['q']);
      expect(await s.exitStatus()).toBe(0);
    } finally {
      s.kill();
    }
  });

  for (const [sig, code] of [['TERM', 143], ['HUP', 129]] as const) {
    it(`restores the terminal on SIG${sig}`, async () => {
      const s = new TmuxSession({ width: 80, height: 24 });
      try {
        s.start();
        await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 8000, 'the table');
        process.kill(s.sysmonPid(), `SIG${sig}`);
        expect(await s.exitStatus()).toBe(code);
        expect(s.alternateOn()).toBe(false);
        expect(s.stderr()).toBe('');
      } finally {
        s.kill();
      }
    });
  }

  it('quits with Ctrl-C and F10 too', async () => {
    for (const key of ['C-c', 'F10']) {
      const s = new TmuxSession({ width: 80, height: 24 });
      try {
        s.start();
        await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 8000, 'the table');
        s.keys([key]);
        expect(await s.exitStatus()).toBe(0);
        expect(s.alternateOn()).toBe(false);
      } finally {
        s.kill();
      }
    }
  });

  it('plain `sysmon top` at a terminal opens the dashboard, as top does; -d sets its delay', async () => {
    const s = new TmuxSession({ width: 100, height: 30, args: ['top', '-d', '2'] });
    try {
      s.start();
      await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr) && /\| 2s\s*$/m.test(scr), 8000, 'the dashboard at 2 s');
      expect(s.capture()).not.toMatch(/^top - /m);
      expect(await s.quit()).toEqual({ status: 0, stderr: '' });
    } finally {
      s.kill();
    }
  });

  it('survives a resize down to 40x12 and back, and shows the help screen', async () => {
    const s = new TmuxSession({ width: 120, height: 40 });
    try {
      s.start();
      await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 8000, 'the table');
      spawnSync('tmux', ['-L', s.socket, 'resize-window', '-t', '0', '-x', '40', '-y', '12']);
      await s.waitFor((scr) => scr.split('\n')[0]!.length <= 40 && /^\s*PID\s+USER/m.test(scr), 4000, 'a 40-column table');
      spawnSync('tmux', ['-L', s.socket, 'resize-window', '-t', '0', '-x', '120', '-y', '40']);
      await s.waitFor((scr) => /Tasks:/.test(scr) && /CPU history/.test(scr), 4000, 'the full layout');
      s.keys(['h']);
      await s.waitFor((scr) => scr.includes('sysmon dashboard keys') && scr.includes('field chooser'), 4000, 'the help screen');
      // Escape and q in one burst read as Meta-q, as in any terminal: wait for the help to close first.
      s.keys(['Escape']);
      await s.waitFor((scr) => !scr.includes('sysmon dashboard keys'), 4000, 'the help to close');
      expect(await s.quit()).toEqual({ status: 0, stderr: '' });
    } finally {
      s.kill();
    }
  });
});

describe('mouse', () => {
  it('a click on a header sorts by it, a click on a row selects it', async () => {
    const s = new TmuxSession({ width: 120, height: 40 });
    try {
      s.start();
      const screen = await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr) && /sort %CPU/.test(scr), 8000, 'the table');
      const lines = screen.split('\n');
      const header = lines.findIndex((l) => /^\s*PID\s+USER/.test(l));
      // SGR mouse reports (1-based column;row), press then release, as a terminal sends them.
      const click = (x: number, y: number): void => s.keys([`\x1b[<0;${x};${y}M\x1b[<0;${x};${y}m`], true);
      click(3, header + 1);
      await s.waitFor((scr) => /sort PID▲/.test(scr), 4000, 'sorted by PID');
      click(3, header + 1);
      await s.waitFor((scr) => /sort PID▼/.test(scr), 4000, 'PID reversed');
      click(10, header + 4);
      // The third row becomes the selected one: it carries the selection colours (256-colour background 24).
      const end = Date.now() + 4000;
      let row = '';
      while (Date.now() < end) {
        row = s.capture(true).split('\n')[header + 3]!;
        if (/48;5;24m/.test(row)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(row).toMatch(/48;5;24m/);
      expect(s.capture(true).split('\n')[header + 1]).not.toMatch(/48;5;24m/);
      s.keys(['q']);
      expect(await s.exitStatus()).toBe(0);
    } finally {
      s.kill();
    }
  });
});

describe('not a terminal', () => {
  it('says to use top -b and exits 2', () => {
    const r = spawnSync(process.execPath, [SYSMON], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/sysmon top -b/);
  });
});

describe('process actions', () => {
  const s = new TmuxSession({ width: 100, height: 30 });
  const children: ChildProcess[] = [];
  const victim = (tag: string): ChildProcess => {
    const c = spawn(process.execPath, ['-e', `setInterval(() => {}, 1e6); // ${marker}-${tag}`], { stdio: 'ignore' });
    children.push(c);
    return c;
  };
  const exited = (c: ChildProcess): Promise<void> => new Promise((res) => (c.exitCode !== null || c.signalCode !== null ? res() : c.once('exit', () => res())));
  beforeAll(() => s.start());
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    s.kill();
  });

  async function showOnly(tag: string, pid: number): Promise<void> {
    s.keys(['=']);
    s.keys(['/']);
    await s.waitFor((scr) => scr.includes('filter ('), 4000, 'the filter prompt');
    s.keys([`${marker}-${tag}`], true);
    s.keys(['Enter']);
    await s.waitFor((scr) => pidOf(firstProcessRow(scr)) === pid, 6000, `pid ${pid} alone`);
    s.keys(['Home']);
  }

  it('renices, kills with the default TERM, and reports a kill that fails on the status line', async () => {
    await s.waitFor((scr) => /^\s*PID\s+USER/m.test(scr), 8000, 'the table');
    const a = victim('a');
    const b = victim('b');
    await new Promise((r) => setTimeout(r, 300));

    await showOnly('a', a.pid!);
    s.keys(['r']);
    await s.waitFor((scr) => scr.includes(`renice pid ${a.pid}`), 4000, 'the renice prompt');
    s.keys(['7'], true);
    s.keys(['Enter']);
    await s.waitFor((scr) => scr.includes(`pid ${a.pid} nice 7`), 4000, 'the renice message');
    expect(spawnSync('ps', ['-o', 'ni=', '-p', String(a.pid)], { encoding: 'utf8' }).stdout.trim()).toBe('7');

    s.keys(['k']);
    await s.waitFor((scr) => scr.includes(`send pid ${a.pid}`) && scr.includes('[TERM]'), 4000, 'the kill prompt');
    s.keys(['Enter']);
    await exited(a);
    expect(a.signalCode).toBe('SIGTERM');
    await s.waitFor((scr) => scr.includes(`sent SIGTERM to ${a.pid}`), 4000, 'the kill message');

    // Freeze the screen, let b die behind its back, then try to kill it: a message, not a crash.
    await showOnly('b', b.pid!);
    s.keys(['Space']);
    await s.waitFor((scr) => scr.includes('FROZEN'), 4000, 'the frozen display');
    b.kill('SIGKILL');
    await exited(b);
    s.keys(['k']);
    await s.waitFor((scr) => scr.includes(`send pid ${b.pid}`), 4000, 'the kill prompt');
    s.keys(['Enter']);
    await s.waitFor((scr) => scr.includes(`kill ${b.pid}: no such process`), 4000, 'the failure on the status line');
    s.keys(['Space']);
    await s.waitFor((scr) => !scr.includes('FROZEN'), 4000, 'thawed');
  });

  it('writes the configuration with W and changes the delay with d', async () => {
    s.keys(['d']);
    await s.waitFor((scr) => scr.includes('change delay from 1.5'), 4000, 'the delay prompt');
    s.keys(['0.5'], true);
    s.keys(['Enter']);
    await s.waitFor((scr) => /\| 0\.5s/.test(scr), 4000, 'the new delay');
    s.keys(['V']);
    s.keys(['W']);
    const file = `${s.dir}/config/sysmon/config.json`;
    await s.waitFor((scr) => scr.includes('wrote '), 4000, 'the write message');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(config).toMatchObject({ version: 1, delay: 0.5, tree: true, sort: '-pcpu' });
    expect(await s.quit()).toEqual({ status: 0, stderr: '' });
  });
});
