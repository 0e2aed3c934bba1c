// Bundles the CLI into one-file CommonJS bundles under dist/bundle/, which bin/sysmon runs. Node loads one
// CommonJS file much faster than ~30 ES modules through its ESM loader: `sysmon free` starts ~10 ms sooner
// (hyperfine, Node 20). `tsc` still emits dist/ module by module: the type check, the tests' structural guards
// (SYSMON_UNBUNDLED=1) and a fallback when the bundle is missing use it.
//
// One bundle per command (`free.cjs`, `ps.cjs`, ... and one per alias, `findmnt.cjs`), holding main and that
// command alone, one for `--version` (`_version.cjs`, no command), and `sysmon.cjs` with everything (help, the
// dashboard, an unknown word, program options before the command). bin/sysmon picks the file by the first word
// or the multi-call link's name, the way src/cli/commands/index.ts picks what to register; V8 then reads,
// deserialises and runs a quarter to a half of the code it would for the whole CLI. bin/load-bundle.cjs runs
// the file through V8's code cache. docs/performance.md ("Start-up") has the figures.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { COMMANDS } from '../dist/cli/commands/index.js';

const outdir = 'dist/bundle';
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const inNodeModules = (file) => /[\\/]node_modules[\\/]/.test(file);

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

/** node:child_process's functions, for the stand-in below (a name imported that is not here fails the build). */
const CHILD_PROCESS_FUNCTIONS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];

/**
 * How sysmon's own modules get Node's built-ins in the bundle:
 * - `node:child_process` (statfs of a network mount, du, nvidia-smi): a stand-in that loads it on the first
 *   call. Imported at the top of src/source/may-hang.ts, it cost `sysmon df` net, stream and dgram, ~6 ms a
 *   start, for a child that runs only when a network or FUSE file system is mounted.
 * - `node:module`: sources take `createRequire(import.meta.url)`, and `import.meta.url` is the bundle's own path
 *   here, so that is the bundle's `require` (node:module would load Node's ES module loader, ~0.3 ms).
 * - `import x from 'node:fs'` (a default import alone): a module whose default export is the built-in itself.
 *   esbuild's own interop (`__toESM`) copies every property of the built-in into a new object with a getter
 *   each, ~0.1 ms per importing module: 0.7 ms of `sysmon free`. Named and namespace imports keep esbuild's.
 */
const builtins = {
  name: 'sysmon-builtins',
  setup(b) {
    const defaultOnly = new Map();
    /** True when every import of `spec` in `file` is a default import alone. */
    const onlyDefault = (file, spec) => {
      const k = `${file}\0${spec}`;
      if (!defaultOnly.has(k)) {
        const text = fs.readFileSync(file, 'utf8');
        const esc = spec.replace(/[/]/g, '\\/');
        const all = text.match(new RegExp(`\\bfrom\\s+['"]${esc}['"]|\\bimport\\s*\\(\\s*['"]${esc}['"]`, 'g')) ?? [];
        const plain = text.match(new RegExp(`^import\\s+[A-Za-z_$][\\w$]*\\s+from\\s+['"]${esc}['"]`, 'gm')) ?? [];
        defaultOnly.set(k, all.length > 0 && all.length === plain.length);
      }
      return defaultOnly.get(k);
    };
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (inNodeModules(args.importer) || !args.importer || args.kind !== 'import-statement') return undefined;
      if (args.path === 'node:child_process') return { path: 'child_process', namespace: 'sysmon-builtin-lazy' };
      if (args.path === 'node:module') return { path: 'module', namespace: 'sysmon-builtin-module' };
      if (onlyDefault(args.importer, args.path)) return { path: args.path, namespace: 'sysmon-builtin-default' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'sysmon-builtin-lazy' }, () => ({
      contents: [
        'let real;',
        "const load = () => (real ??= require('node:child_process'));",
        ...CHILD_PROCESS_FUNCTIONS.map((f) => `export function ${f}(...args) { return load().${f}(...args); }`),
        `export default { ${CHILD_PROCESS_FUNCTIONS.join(', ')} };`,
      ].join('\n'),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'sysmon-builtin-module' }, () => ({
      contents: [
        // The bundle's own require for its own path; any other base goes to the real createRequire.
        "export function createRequire(from) { return from === __filename ? require : require('node:module').createRequire(from); }",
      ].join('\n'),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'sysmon-builtin-default' }, (args) => ({
      contents: `const m = require(${JSON.stringify(args.path)});\nexport default m;\n`,
      loader: 'js',
    }));
  },
};

/**
 * In a one-command bundle, src/cli/commands/index.ts keeps its whole table (names, aliases, order: help texts
 * and isCommandName need them) but only the kept commands' loaders import anything; the others reject, which
 * bin/sysmon's choice of file never lets happen (a test runs every command through its own file).
 */
function onlyCommands(keep) {
  return {
    name: 'only-commands',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/ }, (args) => {
        const text = fs.readFileSync(args.path, 'utf8');
        let seen = 0;
        const contents = text.replace(/\bload: \(\) => import\('\.\/([a-z0-9-]+)\.js'\)/g, (whole, file) => {
          seen++;
          return keep.includes(file)
            ? whole
            : `load: () => Promise.reject(new Error(${JSON.stringify(`command module ${file} is not in this bundle`)}))`;
        });
        if (seen !== COMMANDS.length) throw new Error(`bundle: found ${seen} command loaders in ${args.path}, the table has ${COMMANDS.length}`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** One bundle's bytes: `keep` lists the command modules (file names in src/cli/commands/) it holds; null, all. */
async function bundle(keep) {
  const result = await build({
    entryPoints: ['src/cli/main.ts'],
    // Two levels below the package root, like dist/cli/main.js, so `../../package.json` still resolves.
    outfile: path.join(outdir, 'sysmon.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Whitespace, syntax and local names: a third of the bytes to read and scan at every start. No keepNames:
    // it wraps every function and class in a defineProperty call at load, 1.2 M instructions of `sysmon free`
    // and 8.6 M of `sysmon ps aux` (callgrind); nothing reads a function's name (errors set theirs), and a
    // readable stack trace comes from SYSMON_BUNDLE_READABLE=1 npm run build or from SYSMON_UNBUNDLED=1.
    minify: !process.env.SYSMON_BUNDLE_READABLE,
    legalComments: 'none',
    // blessed loads its widgets by computed path and cannot be bundled; the others load only when a command
    // needs them; better-sqlite3 is native (and optional).
    external: ['blessed', 'blessed/*', 'blessed-contrib', 'blessed-contrib/*', 'systeminformation', 'pidusage', 'better-sqlite3', 'yaml', 'bcryptjs'],
    // The sources are ES modules that use import.meta.url only for createRequire, which takes a path as well: the
    // bundle's own (a file URL would cost every start a call into node:url). The version is built in.
    define: { 'import.meta.url': '__filename', SYSMON_VERSION: JSON.stringify(pkg.version) },
    plugins: [lazyChildProcess, builtins, ...(keep ? [onlyCommands(keep)] : [])],
    write: false,
    logLevel: 'warning',
  });
  const body = result.outputFiles[0].contents;
  // The first line names this build by its content: bin/load-bundle.cjs keys the V8 code cache by it, so a
  // cache made for another build is never used (V8 itself checks only the source's length).
  const id = createHash('sha256').update(body).digest('hex').slice(0, 32);
  return Buffer.concat([Buffer.from(`// sysmon-bundle ${id}\n`), body]);
}

/** Command module file (src/cli/commands/NAME.ts) of each entry: its name. */
const targets = [
  { files: ['sysmon.cjs'], keep: null },
  { files: ['_version.cjs'], keep: [] },
  ...COMMANDS.map((c) => ({ files: [c.name, ...(c.aliases ?? [])].map((n) => `${n}.cjs`), keep: [c.name] })),
];
const built = await Promise.all(targets.map((t) => bundle(t.keep)));
// The previous build's bundles and their code caches (beside them) are stale now.
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });
targets.forEach((t, i) => {
  for (const f of t.files) fs.writeFileSync(path.join(outdir, f), built[i]);
});
