// The stdout table of `npm run bench`: one-shots, refresh CPU per tick, floor and memory, each budget as a ratio
// from this run with a verdict. Every figure comes from the results object that is also written as JSON.
import { ratio, round } from './stats.mjs';

const MB = 1024 * 1024;

function fmt(x, digits = 1) {
  return x == null ? '-' : round(x, digits).toFixed(digits);
}

function short(text, max = 32) {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

function table(header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c ?? '-')));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells
    .map((r, ri) => r.map((c, i) => (i === 0 || ri === 0 && i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

function verdict(ok) {
  return ok == null ? '' : ok ? 'ok' : 'OVER';
}

/** Budgets from the issue, as functions of the measured figures. Each returns { value, limit, ok, text }. */
export function budgets(result) {
  const out = [];
  for (const c of result.counts) {
    if (c.error) continue;
    const n = c.target;
    const os = c.oneShots ?? {};
    const nodeBase = os['node -e 0']?.wallMs;
    const ps = os['sysmon ps aux'];
    const psRef = os['ps aux'];
    if (ps?.wallMs != null && psRef?.wallMs != null) {
      const limit = n === 'host' ? 3.0 : n >= 2000 ? 0.7 : null;
      const r = ratio(ps.wallMs, psRef.wallMs);
      out.push({ count: c.label, what: 'sysmon ps aux / ps aux (wall)', value: r, limit, ok: limit == null ? null : r <= limit, unit: 'x' });
    } else if (ps?.error || psRef?.error) {
      out.push({ count: c.label, what: 'sysmon ps aux / ps aux (wall)', note: ps?.error ?? psRef?.error });
    }
    for (const cmd of ['free', 'df']) {
      const ours = os[`sysmon ${cmd}`];
      if (ours?.wallMs != null && nodeBase != null) {
        const d = ours.wallMs - nodeBase;
        out.push({ count: c.label, what: `sysmon ${cmd} - node -e 0 (wall)`, value: d, limit: 20, ok: d <= 20, unit: 'ms' });
      } else if (ours?.error) {
        out.push({ count: c.label, what: `sysmon ${cmd} - node -e 0 (wall)`, note: ours.error });
      }
    }
    const rf = c.refresh ?? {};
    const top = rf['top -b']?.cpuMsPerTick;
    const floor = c.floor?.node?.cpuMsPerPass;
    for (const id of ['sysmon top -b', 'sysmon (dashboard)']) {
      const v = rf[id];
      if (v?.error) {
        out.push({ count: c.label, what: `${id} CPU/tick`, note: v.error });
        continue;
      }
      if (v?.cpuMsPerTick == null) continue;
      const big = n !== 'host' && n >= 2000;
      const rt = ratio(v.cpuMsPerTick, top);
      if (rt != null) out.push({ count: c.label, what: `${id} / top -b (CPU per tick)`, value: rt, limit: big ? 0.5 : null, ok: big ? rt <= 0.5 : null, unit: 'x' });
      const rfl = ratio(v.cpuMsPerTick, floor);
      if (rfl != null) out.push({ count: c.label, what: `${id} / floor (CPU per tick)`, value: rfl, limit: big ? 1.5 : null, ok: big ? rfl <= 1.5 : null, unit: 'x' });
      if (v.rssEndBytes != null && n === 2000) {
        out.push({ count: c.label, what: `dashboard RSS after ${v.soakSeconds}s`, value: v.rssEndBytes / MB, limit: 80, ok: v.rssEndBytes / MB <= 80, unit: 'MB' });
        const growth = (v.rssEndBytes - v.rssStartBytes) / MB;
        out.push({ count: c.label, what: `dashboard RSS growth over ${v.soakSeconds}s`, value: growth, limit: 5, ok: growth <= 5, unit: 'MB' });
      }
    }
  }
  return out;
}

/** The whole stdout report. */
export function render(result) {
  const lines = [];
  const m = result.machine;
  lines.push(`sysmon bench  ${result.startedAt}`);
  lines.push(`machine: ${m.nproc} x ${m.cpuModel}, ${fmt(m.memTotalBytes / 1024 / MB, 1)} GiB, kernel ${m.kernel}, node ${m.node}`);
  lines.push(`method: ${result.method.oneShots}; ${result.method.refresh}`);
  for (const note of result.notes) lines.push(`note: ${note}`);

  const ok = result.counts.filter((c) => !c.error);
  const oneShotIds = [...new Set(ok.flatMap((c) => Object.keys(c.oneShots ?? {})))];
  if (oneShotIds.length) {
    lines.push('', 'One-shots: median wall ms (CPU ms) over alternating runs');
    const header = ['command', ...ok.map((c) => `${c.label} (${c.processes}p)`)];
    const rows = oneShotIds.map((id) => [
      id,
      ...ok.map((c) => {
        const v = c.oneShots?.[id];
        if (!v) return '-';
        if (v.error) return short(v.error);
        return `${fmt(v.wallMs)} (${fmt(v.cpuMs)})`;
      }),
    ]);
    lines.push(table(header, rows));
  }

  const refreshIds = [...new Set(ok.flatMap((c) => Object.keys(c.refresh ?? {})))];
  if (refreshIds.length || ok.some((c) => c.floor)) {
    lines.push('', 'Refresh: CPU ms per tick (thread schedstat; stat utime+stime in brackets)');
    const header = ['monitor', ...ok.map((c) => `${c.label} (${c.processes}p)`)];
    const rows = refreshIds.map((id) => [
      id,
      ...ok.map((c) => {
        const v = c.refresh?.[id];
        if (!v) return '-';
        if (v.error) return short(v.error);
        return `${fmt(v.cpuMsPerTick, 2)} [${fmt(v.statMsPerTick, 1)}]`;
      }),
    ]);
    rows.push(['floor: node (list + read stat)', ...ok.map((c) => fmt(c.floor?.node?.cpuMsPerPass, 2))]);
    rows.push(['floor: C (list + read stat)', ...ok.map((c) => fmt(c.floor?.c?.cpuMsPerPass, 2))]);
    for (const [key, label] of [['top', "collector only: top's columns"], ['statOnly', 'collector only: stat columns']]) {
      rows.push([label, ...ok.map((c) => {
        const v = c.collector?.[key] ?? (c.collector?.error ? c.collector : null);
        return v?.error ? short(v.error) : fmt(v?.cpuMsPerPass, 2);
      })]);
    }
    lines.push(table(header, rows));
  }

  const b = budgets(result);
  if (b.length) {
    lines.push('', 'Budgets (ratios from this run)');
    lines.push(
      table(
        ['count', 'measure', 'value', 'budget', ''],
        b.map((x) => [
          x.count,
          x.what,
          x.note != null ? short(x.note) : `${fmt(x.value, 2)}${x.unit === 'x' ? 'x' : ` ${x.unit}`}`,
          x.note ? '' : x.limit == null ? '(report)' : `<= ${x.limit}${x.unit === 'x' ? 'x' : ` ${x.unit}`}`,
          verdict(x.ok),
        ]),
      ),
    );
  }
  for (const c of result.counts.filter((c) => c.error)) lines.push(`${c.label}: ${c.error}`);
  return lines.join('\n');
}
