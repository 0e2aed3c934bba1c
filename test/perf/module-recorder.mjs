// Preload (`node --import`) for the perf guard: records every module a command loads, ES modules through a
// load hook and CommonJS ones from require.cache at exit, one URL or path a line, into $SYSMON_MODULE_LOG.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.SYSMON_MODULE_LOG;
if (log) {
  register('./module-recorder-hooks.mjs', import.meta.url);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    fs.appendFileSync(log, Object.keys(require.cache).map((p) => `cjs:${p}\n`).join(''));
  });
}
