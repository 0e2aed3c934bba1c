import fs from 'node:fs';

/**
 * Defined by scripts/bundle.mjs in the bundle; tsc's dist/ reads package.json instead (not through node:module,
 * which would load the ES module loader into every bundled start).
 */
declare const SYSMON_VERSION: string | undefined;

/** sysmon's version, as package.json gives it. */
export function version(): string {
  return typeof SYSMON_VERSION === 'string'
    ? SYSMON_VERSION
    : (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
