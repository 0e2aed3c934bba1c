// Bundles the CLI into one CommonJS file, dist/bundle/sysmon.cjs, which bin/sysmon runs. Node loads one
// CommonJS file much faster than ~30 ES modules through its ESM loader: `sysmon free` starts ~10 ms sooner
// (hyperfine, Node 20). `tsc` still emits dist/ module by module: the type check, the tests' structural guards
// (SYSMON_UNBUNDLED=1) and a fallback when the bundle is missing use it. The dashboard's code is in the file
// too but costs nothing until used: V8 compiles functions lazily, and blessed itself stays in node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  // Two levels below the package root, like dist/cli/main.js, so main's `../../package.json` still resolves.
  outfile: 'dist/bundle/sysmon.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // blessed loads its widgets by computed path and cannot be bundled; the others load only when a command
  // needs them.
  external: ['blessed', 'blessed/*', 'blessed-contrib', 'blessed-contrib/*', 'systeminformation', 'pidusage', 'yaml', 'bcryptjs'],
  // The sources are ES modules that use import.meta.url for createRequire; give them the bundle's own URL.
  define: { 'import.meta.url': '__sysmonBundleUrl' },
  banner: { js: "const __sysmonBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
