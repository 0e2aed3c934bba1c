// In-process cost of sysmon's process collector per tick, next to the floor: the same ProcessCollector the
// commands use (from dist/), collecting over and over with the files a column set needs. It isolates the
// collector from start-up, sorting, formatting and output, so the refresh figures can be split into parts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * CPU ms per collect() for each named column set, after one warm-up collect (which reads the once-per-process
 * files). Resolves to { error } when the built collector is missing.
 */
export async function measureCollector(repo, sets, minMs = 400, oneShotSets = {}) {
  let mods;
  try {
    const load = (p) => import(pathToFileURL(path.join(repo, 'dist', p)).href);
    const [pc, pf, reg, src] = await Promise.all([
      load('collectors/process-collector.js'),
      load('fields/process-fields.js'),
      load('fields/registry.js'),
      load('source/proc-fs.js'),
    ]);
    mods = { ProcessCollector: pc.ProcessCollector, processFields: pf.processFields, PS_FORMATS: pf.PS_FORMATS, neededSources: reg.neededSources, ProcFs: src.ProcFs };
  } catch (err) {
    return { error: `collector not built (${String(err.message ?? err).split('\n')[0].slice(0, 80)})` };
  }
  const out = {};
  for (const [name, format] of Object.entries(sets)) {
    const list = (mods.PS_FORMATS[format] ?? format).split(',').map((c) => c.split('=')[0]).join(',');
    let needs;
    try {
      needs = mods.neededSources(mods.processFields.parseList(list));
    } catch (err) {
      out[name] = { error: String(err.message ?? err).slice(0, 80) };
      continue;
    }
    needs.add('stat');
    const collector = new mods.ProcessCollector(new mods.ProcFs('/'));
    collector.collect({ needs });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let passes = 0;
    let rows = 0;
    do {
      rows = collector.collect({ needs }).length;
      passes++;
    } while (performance.now() - t0 < minMs || passes < 3);
    const c = process.cpuUsage(c0);
    out[name] = { columns: list, needs: [...needs].sort(), passes, rows, cpuMsPerPass: (c.user + c.system) / 1000 / passes };
  }
  // One-shot cost: a fresh ProcFs and collector each pass, as `sysmon ps` starts with nothing cached.
  for (const [name, format] of Object.entries(oneShotSets)) {
    const list = (mods.PS_FORMATS[format] ?? format).split(',').map((c) => c.split('=')[0]).join(',');
    const needs = mods.neededSources(mods.processFields.parseList(list));
    needs.add('stat');
    const once = () => {
      const procFs = new mods.ProcFs('/');
      const n = new mods.ProcessCollector(procFs).collect({ needs, oneShot: true }).length;
      procFs.releaseAll?.();
      return n;
    };
    once();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let passes = 0;
    let rows = 0;
    do {
      rows = once();
      passes++;
    } while (performance.now() - t0 < minMs || passes < 3);
    const c = process.cpuUsage(c0);
    out[name] = { columns: list, needs: [...needs].sort(), passes, rows, oneShot: true, cpuMsPerPass: (c.user + c.system) / 1000 / passes };
  }
  return out;
}
