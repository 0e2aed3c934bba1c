import { describe, expect, it } from 'vitest';
import { formatLocalTime, parseDuration, parseTimeSpec } from '../../src/parsers/time-spec.js';

// Local calendar times: built with the Date constructor so the test holds in any TZ.
const now = new Date(2026, 0, 15, 10, 30, 0).getTime();
const at = (text: string): number => {
  const r = parseTimeSpec(text, now);
  if (!r.ok) throw new Error(r.error);
  return r.ms;
};

describe('parseTimeSpec', () => {
  it('relative times', () => {
    expect(at('now')).toBe(now);
    expect(at('10 min ago')).toBe(now - 600_000);
    expect(at('10min ago')).toBe(now - 600_000);
    expect(at('2 hours ago')).toBe(now - 7_200_000);
    expect(at('1d ago')).toBe(now - 86_400_000);
    expect(at('-30s')).toBe(now - 30_000);
    expect(at('  90   seconds   ago ')).toBe(now - 90_000);
  });

  it('a clock time is today, or yesterday when it is still to come', () => {
    expect(at('03:00')).toBe(new Date(2026, 0, 15, 3, 0, 0).getTime());
    expect(at('10:29:59')).toBe(new Date(2026, 0, 15, 10, 29, 59).getTime());
    expect(at('14:30')).toBe(new Date(2026, 0, 14, 14, 30, 0).getTime());
    expect(at('today 03:00')).toBe(new Date(2026, 0, 15, 3, 0).getTime());
    expect(at('yesterday 14:30')).toBe(new Date(2026, 0, 14, 14, 30).getTime());
    expect(at('Yesterday')).toBe(new Date(2026, 0, 14).getTime());
  });

  it('yesterday crosses month and year ends', () => {
    const jan1 = new Date(2026, 0, 1, 8, 0).getTime();
    const r = parseTimeSpec('yesterday 23:59', jan1);
    expect(r).toEqual({ ok: true, ms: new Date(2025, 11, 31, 23, 59).getTime() });
  });

  it('ISO-8601, local and with a zone', () => {
    expect(at('2026-01-10')).toBe(new Date(2026, 0, 10).getTime());
    expect(at('2026-01-10T03:04')).toBe(new Date(2026, 0, 10, 3, 4).getTime());
    expect(at('2026-01-10 03:04:05')).toBe(new Date(2026, 0, 10, 3, 4, 5).getTime());
    expect(at('2026-01-10T03:04:05.250')).toBe(new Date(2026, 0, 10, 3, 4, 5, 250).getTime());
    expect(at('2026-01-10T03:04:05Z')).toBe(Date.UTC(2026, 0, 10, 3, 4, 5));
    expect(at('2026-01-10T03:04:05+02:00')).toBe(Date.UTC(2026, 0, 10, 1, 4, 5));
    expect(at('2026-01-10T03:04:05-0130')).toBe(Date.UTC(2026, 0, 10, 4, 34, 5));
    expect(at('@1700000000')).toBe(1_700_000_000_000);
  });

  it('rejects what it cannot read, with one line that says what works', () => {
    for (const bad of ['', 'soon', '25:00', '10:61', '2026-02-30', '2026-13-01', '10 parsecs ago', 'yesterday 3pm', '@x']) {
      const r = parseTimeSpec(bad, now);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.error).toContain('cannot read time');
        expect(r.error).not.toContain('\n');
      }
    }
  });
});

describe('parseDuration', () => {
  it('reads units and bare seconds', () => {
    expect(parseDuration('7d')).toBe(604_800);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('90 min')).toBe(5_400);
    expect(parseDuration('3600')).toBe(3_600);
    expect(parseDuration('1.5h')).toBe(5_400);
    expect(parseDuration('2w')).toBe(1_209_600);
    expect(parseDuration('7 fortnights')).toBeNull();
    expect(parseDuration('-1d')).toBeNull();
  });
});

describe('formatLocalTime', () => {
  it('prints local wall time', () => {
    expect(formatLocalTime(new Date(2026, 0, 5, 3, 4, 5).getTime())).toBe('2026-01-05 03:04:05');
  });
});
