// Module loader hook of module-recorder.mjs: appends each loaded module's URL to $SYSMON_MODULE_LOG.
import fs from 'node:fs';

const log = process.env.SYSMON_MODULE_LOG;

export async function load(url, context, nextLoad) {
  if (log) fs.appendFileSync(log, `esm:${url}\n`);
  return nextLoad(url, context);
}
