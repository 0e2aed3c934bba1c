import { pmapHeader, printable, type PmapLayout, type PmapProcess } from './pmap-render.js';
import type { SmapsEntry } from '../../parsers/smaps.js';

/*
 * pmap's rc files (procps-ng 4.0.2 pmap -c, -C FILE, -n, -N FILE): a `[Fields Display]` section naming the
 * columns to show and a `[Mapping]` section whose `ShowPath` shows whole paths. The columns come in smaps'
 * order whatever the file's, with widths as -X measures them.
 */

/** The columns an rc file may enable (others are ignored, as pmap ignores them). */
const RC_FIELDS = new Set(['Perm', 'Offset', 'Device', 'Inode', 'Size', 'Rss', 'Pss', 'Shared_Clean', 'Shared_Dirty',
  'Private_Clean', 'Private_Dirty', 'Referenced', 'Anonymous', 'AnonHugePages', 'Swap', 'KernelPageSize',
  'MMUPageSize', 'Locked', 'VmFlags', 'Mapping']);

/** What `pmap -n` / `-N FILE` write: every field listed, commented out. */
export const DEFAULT_RC = `# pmap's Config File

# All the entries are case sensitive.
# Unsupported entries are ignored!

[Fields Display]

# To enable a field uncomment its entry

#Perm
#Offset
#Device
#Inode
#Size
#Rss
#Pss
#Shared_Clean
#Shared_Dirty
#Private_Clean
#Private_Dirty
#Referenced
#Anonymous
#AnonHugePages
#Swap
#KernelPageSize
#MMUPageSize
#Locked
#VmFlags
#Mapping


[Mapping]

# to show paths in the mapping column uncomment the following line
#ShowPath

`;

/** A parsed rc file: enabled columns, ShowPath, and the complaints pmap prints on stderr (it goes on). */
export interface PmapRc {
  fields: Set<string>;
  showPath: boolean;
  warnings: string[];
}

/** Parse an rc file: comments and blank lines skipped; unknown entries ignored; sections other than the two warned. */
export function parseRc(text: string): PmapRc {
  const rc: PmapRc = { fields: new Set(), showPath: false, warnings: [] };
  let section: 'none' | 'fields' | 'mapping' | 'unknown' = 'none';
  text.split('\n').forEach((raw, i) => {
    // A `#` starts a comment anywhere on the line.
    const hash = raw.indexOf('#');
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (line === '') return;
    if (line.startsWith('[')) {
      if (line === '[Fields Display]') section = 'fields';
      else if (line === '[Mapping]') section = 'mapping';
      else {
        section = 'unknown';
        rc.warnings.push(`unsupported section found in the config - line ${i + 1}`);
      }
      return;
    }
    if (section === 'unknown') return;
    if (section === 'none' || /\s/.test(line)) {
      rc.warnings.push(`syntax error found in the config - line ${i + 1}`);
      return;
    }
    if (section === 'fields' && RC_FIELDS.has(line)) rc.fields.add(line);
    else if (section === 'mapping' && line === 'ShowPath') rc.showPath = true;
  });
  return rc;
}

/** The map of one process in the rc file's columns (Address always first). */
export function renderRc(p: PmapProcess, smaps: SmapsEntry[], l: PmapLayout, rc: PmapRc): string {
  const on = (k: string): boolean => rc.fields.has(k);
  let out = pmapHeader(p);
  type Col = { head: string; cell: (e: SmapsEntry) => string };
  const prefix: Col[] = [{ head: 'Address', cell: (e) => e.start }];
  if (on('Perm')) prefix.push({ head: 'Perm', cell: (e) => e.perms });
  if (on('Offset')) prefix.push({ head: 'Offset', cell: (e) => e.offset });
  if (on('Device')) prefix.push({ head: 'Device', cell: (e) => e.device });
  if (on('Inode')) prefix.push({ head: 'Inode', cell: (e) => e.inode });
  const keys = (smaps[0]?.details ?? []).map(([k]) => k).filter((k) => on(k) && k !== 'VmFlags');
  const flags = on('VmFlags');
  const value = (e: SmapsEntry, k: string): string => e.details.find(([kk]) => kk === k)?.[1] ?? '';
  // With -q no header is printed, so no header widens a column.
  const pw = prefix.map((c) => Math.max(l.quiet ? 0 : c.head.length, ...smaps.map((e) => c.cell(e).length)));
  const totals = keys.map((k) => smaps.reduce((t, e) => t + Number(value(e, k) || 0), 0));
  const kw = keys.map((k, i) =>
    l.quiet ? Math.max(0, ...smaps.map((e) => value(e, k).length)) : Math.max(k.length, String(totals[i]).length));
  const fw = Math.max(l.quiet ? 0 : 'VmFlags'.length, ...smaps.map((e) => (e.vmFlags ?? '').length));
  if (!l.quiet && smaps.length > 0) {
    let h = prefix.map((c, i) => `${c.head.padStart(pw[i]!)} `).join('') + keys.map((k, i) => `${k.padStart(kw[i]!)} `).join('');
    if (flags) h += `${'VmFlags'.padStart(fw)} `;
    if (on('Mapping')) h += 'Mapping';
    out += `${h}\n`;
  }
  // -p and the rc's ShowPath each switch whole paths on; both together switch them off again (as pmap does).
  const showPath = l.showPath !== rc.showPath;
  for (const e of smaps) {
    const cells = [...prefix.map((c, i) => c.cell(e).padStart(pw[i]!)), ...keys.map((k, i) => value(e, k).padStart(kw[i]!))];
    if (flags) cells.push((e.vmFlags ?? '').padStart(fw));
    if (on('Mapping')) {
      const name = printable(e.name);
      const slash = name.lastIndexOf('/');
      cells.push(showPath || slash < 0 ? name : name.slice(slash + 1));
    }
    out += `${cells.join(' ')}\n`;
  }
  if (!l.quiet && keys.length > 0) {
    const gap = ' '.repeat(pw.reduce((a, w) => a + w + 1, 0));
    out += `${gap}${kw.map((w) => `${'='.repeat(w)} `).join('')}\n`;
    out += `${gap}${totals.map((t, i) => `${String(t).padStart(kw[i]!)} `).join('')}KB \n`;
  }
  return out;
}
