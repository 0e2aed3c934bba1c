/**
 * Signal names and numbers as Linux numbers them on x86, ARM, RISC-V, PowerPC and s390 (signal(7)); the
 * kill action resolves the name again through the running platform, so this table only names and validates.
 */
export const SIGNALS: Readonly<Record<string, number>> = Object.freeze({
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11,
  USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21,
  TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27, WINCH: 28, IO: 29, PWR: 30, SYS: 31,
});

/** Other spellings kill(1) accepts for the same signals. */
const ALIASES: Readonly<Record<string, string>> = { IOT: 'ABRT', CLD: 'CHLD', POLL: 'IO' };

/** Highest signal number on Linux (SIGRTMAX). */
export const SIGNAL_MAX = 64;

/** A validated signal: its canonical name without "SIG" ("TERM", "RTMIN+3", or "0" for the null signal). */
export interface SignalSpec {
  name: string;
  number: number;
}

/**
 * Parse what a user typed at a kill prompt: a name with or without "SIG" in any case ("term", "SIGKILL"),
 * an alias (IOT, CLD, POLL), a number 0-64, or a real-time signal ("RTMIN", "RTMIN+2", "RTMAX-1",
 * glibc numbering: RTMIN = 34). Returns null for anything else.
 */
export function parseSignal(input: string | number): SignalSpec | null {
  if (typeof input === 'number') return signalByNumber(input);
  const t = input.trim();
  if (/^\d+$/.test(t)) return signalByNumber(Number(t));
  let name = t.toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  name = ALIASES[name] ?? name;
  const n = SIGNALS[name];
  if (n !== undefined) return { name, number: n };
  const rt = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (rt) {
    const off = rt[3] === undefined ? 0 : Number(rt[3]);
    const num = rt[1] === 'MIN' ? 34 + (rt[2] === '-' ? -off : off) : SIGNAL_MAX + (rt[2] === '+' ? off : -off);
    if (num >= 34 && num <= SIGNAL_MAX) return signalByNumber(num);
  }
  return null;
}

function signalByNumber(n: number): SignalSpec | null {
  if (!Number.isInteger(n) || n < 0 || n > SIGNAL_MAX) return null;
  if (n === 0) return { name: '0', number: 0 };
  for (const [name, num] of Object.entries(SIGNALS)) if (num === n) return { name, number: n };
  // 32 and 33 are taken by glibc's threading and are not valid for kill(1).
  if (n < 34) return null;
  return { name: n === 34 ? 'RTMIN' : n === SIGNAL_MAX ? 'RTMAX' : `RTMIN+${n - 34}`, number: n };
}
