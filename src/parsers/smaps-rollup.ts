import type { SmapsRollup } from '../core/process-details.js';

/**
 * Parse /proc/PID/smaps_rollup (proc(5), Linux 4.14+): the first line names the whole address range
 * (`...-... ---p 00000000 00:00 0 [rollup]`), then `Key:  N kB` lines. Reads Rss, Pss, Shared_Clean,
 * Shared_Dirty, Private_Clean, Private_Dirty, Swap and SwapPss; USS = Private_Clean + Private_Dirty.
 *
 * Returns null when the text has no Rss line: kernel threads and zombies give an empty file.
 * A key the kernel does not print counts as 0, except SwapPss (null). Values are converted to bytes.
 */
export function parseSmapsRollup(text: string): SmapsRollup | null {
  const kb = new Map<string, number>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const key = text.slice(start, colon);
      // The header line holds no "Key:" before its first space; keys never contain spaces.
      if (!key.includes(' ')) {
        const m = /^\s*(\d+)(?:\s+(kB))?\s*$/.exec(text.slice(colon + 1, end));
        if (m) kb.set(key, m[2] === 'kB' ? Number(m[1]) * 1024 : Number(m[1]));
      }
    }
    start = end + 1;
  }
  const rss = kb.get('Rss');
  if (rss === undefined) return null;
  const get = (k: string): number => kb.get(k) ?? 0;
  const privateClean = get('Private_Clean');
  const privateDirty = get('Private_Dirty');
  return {
    rss,
    pss: get('Pss'),
    uss: privateClean + privateDirty,
    sharedClean: get('Shared_Clean'),
    sharedDirty: get('Shared_Dirty'),
    privateClean,
    privateDirty,
    swap: get('Swap'),
    swapPss: kb.get('SwapPss') ?? null,
  };
}
