// Bundles the CLI into one CommonJS file, dist/bundle/sysmon.cjs, which bin/sysmon runs. Node loads one
// CommonJS file much faster than ~30 ES modules through its ESM loader: `sysmon free` starts ~10 ms sooner
// (hyperfine, Node 20). `tsc` still emits dist/ module by module: the type check, the tests' structural guards
// (SYSMON_UNBUNDLED=1) and a fallback when the bundle is missing use it. The dashboard's code is in the file
// too but costs nothing until used: V8 compiles functions lazily, and blessed itself stays in node_modules.
// bin/load-bundle.cjs runs the file through V8's code cache (docs/performance.md, "Start-up").
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { build } from 'esbuild';

const outfile = 'dist/bundle/sysmon.cjs';
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));

/**
 * commander requires node:child_process at load time, for executable subcommands sysmon never uses; loading it
 * (with net and stream) cost ~3.5 ms of every start. This hands commander a stand-in that loads the real module
 * on the first spawn.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'sysmon-lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sysmon-lazy' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: ['src/cli/main.ts'],
  // Two levels below the package root, like dist/cli/main.js, so main's `../../package.json` still resolves.
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Whitespace, syntax and local names: a third of the bytes to read and scan at every start. Function and
  // class names stay (keepNames), so stack traces under SYSMON_DEBUG still read.
  minify: !process.env.SYSMON_BUNDLE_READABLE,
  keepNames: true,
  legalComments: 'none',
  // blessed loads its widgets by computed path and cannot be bundled; the others load only when a command
  // needs them; better-sqlite3 is native (and optional).
  external: ['blessed', 'blessed/*', 'blessed-contrib', 'blessed-contrib/*', 'systeminformation', 'pidusage', 'better-sqlite3', 'yaml', 'bcryptjs'],
  // The sources are ES modules that use import.meta.url only for createRequire, which takes a path as well: the
  // bundle's own (a file URL would cost every start a call into node:url). The version is built in.
  define: { 'import.meta.url': '__filename', SYSMON_VERSION: JSON.stringify(pkg.version) },
  plugins: [lazyChildProcess],
  write: false,
  logLevel: 'warning',
});

// The first line names this build by its content: bin/load-bundle.cjs keys the V8 code cache by it, so a cache
// made for another build is never used (V8 itself checks only the source's length).
const body = result.outputFiles[0].contents;
const id = createHash('sha256').update(body).digest('hex').slice(0, 32);
fs.mkdirSync('dist/bundle', { recursive: true });
// Code caches of the previous build beside it are stale now.
fs.rmSync('dist/bundle/code-cache', { recursive: true, force: true });
fs.writeFileSync(outfile, Buffer.concat([Buffer.from(`// sysmon-bundle ${id}\n`), body]));
