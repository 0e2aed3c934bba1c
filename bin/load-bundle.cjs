'use strict';
// Runs dist/bundle/sysmon.cjs through V8's code cache. Compiling the bundle from source costs every start
// several milliseconds (V8 scans all of it, then compiles each function the command calls); with the bytecode
// of an earlier run of the same command V8 only deserializes. docs/performance.md ("Start-up") has the figures.
//
// One cache file per command (the first word, or the multi-call link's name), because each holds the functions
// that command ran. Looked for beside the bundle (dist/bundle/code-cache/), then under $XDG_CACHE_HOME/sysmon
// (~/.cache/sysmon); written after a run that found none or had it rejected, to the first of the two that takes
// it. Every failure to read, use or write a cache only means running without one: a read-only install, a 0700
// or missing home, a full disk.
//
// A cache is used only when its header names this very bundle (its content id, size, mtime and inode), this
// node and this CPU architecture, and V8 accepts it (its version, flags and the source length). V8 does not
// checksum a code cache in release builds and crashes on a damaged one, so a file is also refused unless it is
// owned by this user, root or the bundle's owner and writable by no one else, and files are only ever replaced
// whole (write a temporary file, rename it over).
//
// SYSMON_CODE_CACHE=off runs the bundle with plain require(); SYSMON_CODE_CACHE=trace says on stderr what
// happened (the tests use it).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
// CommonJS's Module class without require('node:module'), which loads the ES module loader too (~0.3 ms).
const Module = module.constructor;

const MAGIC = 'SYSMONV8';
/** Cache names: a command name, alias or link name; anything else shares `default` (help, the dashboard). */
const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** The cache this run reads and writes: the link's name, else the first word, else `version` or `default`. */
function cacheName(argv1, argv) {
  const link = path.basename(argv1 || '');
  if (link !== 'sysmon' && NAME.test(link)) return link;
  const first = argv[0];
  if (first !== undefined && NAME.test(first)) return first;
  if (first === '-V' || first === '--version') return 'version';
  return 'default';
}

/** FNV-1a of a string, as 8 hex digits: tells apart installs sharing one $XDG_CACHE_HOME. */
function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Where this bundle's cache called `name` may be, in the order they are tried. Node or V8 flags (node's own
 * arguments, NODE_OPTIONS) change the code V8 makes and V8 refuses a cache made under others: those runs get a
 * file of their own instead of replacing the usual one back and forth.
 */
function cachePaths(bundle, name) {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (flags) name = `${name}-${fnv(flags)}`;
  const out = [path.join(path.dirname(bundle), 'code-cache', `${name}.v8cache`)];
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : process.env.HOME ? path.join(process.env.HOME, '.cache') : null;
  if (base) out.push(path.join(base, 'sysmon', 'code-cache', `${fnv(bundle)}-${name}.v8cache`));
  return out;
}

/** The payload of a cache file at `file` made for `key`, or null (missing, foreign, another build, damaged). */
function readCache(file, key, trustedUids) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || (st.mode & 0o022) !== 0 || !trustedUids.includes(st.uid)) return null;
    const buf = Buffer.allocUnsafe(st.size);
    if (fs.readSync(fd, buf, 0, st.size, 0) !== st.size) return null;
    // MAGIC, key length (u32 LE), key, payload length (u32 LE), payload.
    if (st.size < 16 || buf.latin1Slice(0, 8) !== MAGIC) return null;
    const keyLen = buf.readUInt32LE(8);
    if (12 + keyLen + 4 > st.size || buf.latin1Slice(12, 12 + keyLen) !== key) return null;
    const dataLen = buf.readUInt32LE(12 + keyLen);
    const start = 16 + keyLen;
    if (start + dataLen !== st.size || dataLen === 0) return null;
    return buf.subarray(start);
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Replace `file` whole with a cache for `key`; false when that place cannot take it. */
function writeCache(file, key, data) {
  const dir = path.dirname(file);
  // A name of its own (processes in other PID namespaces may share this pid), created exclusively: two
  // writers can never interleave in one file.
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  let created = false;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const head = Buffer.alloc(16 + Buffer.byteLength(key, 'latin1'));
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(head.length - 16, 8);
    head.write(key, 12, 'latin1');
    head.writeUInt32LE(data.length, head.length - 4);
    const fd = fs.openSync(tmp, 'wx', 0o644);
    created = true;
    try {
      fs.fchmodSync(fd, 0o644); // whatever the umask: readCache refuses group- or world-writable files
      fs.writeSync(fd, head);
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return true;
  } catch {
    if (created) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
    return false;
  }
}

/**
 * Load the bundle at `bundle` (an absolute path) for a run with these arguments and return its exports, or null
 * when there is no bundle (bin/sysmon then runs tsc's dist/).
 */
function loadBundle(bundle, argv1, argv) {
  const mode = process.env.SYSMON_CODE_CACHE;
  if (mode === 'off') return fs.existsSync(bundle) ? require(bundle) : null;
  const trace = mode === 'trace' ? (msg) => process.stderr.write(`sysmon: code cache: ${msg}\n`) : null;
  let fd;
  try {
    fd = fs.openSync(bundle, 'r');
  } catch {
    return null;
  }
  let source;
  let st;
  try {
    st = fs.fstatSync(fd);
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = fs.readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    // esbuild writes ASCII only (charset: ascii), so latin1 decodes it exactly, and faster than UTF-8.
    source = buf.latin1Slice(0, got);
  } finally {
    fs.closeSync(fd);
  }
  const id = /^\/\/ sysmon-bundle ([0-9a-f]+)\n/.exec(source.slice(0, 64))?.[1] ?? 'none';
  const key = `${id}|${st.size}|${st.mtimeMs}|${st.ino}|${process.version}|${process.arch}`;
  const name = cacheName(argv1, argv);
  const places = cachePaths(bundle, name);
  const uid = process.geteuid ? process.geteuid() : -1;
  const trusted = [uid, 0, st.uid];
  let cachedData;
  let from = null;
  for (const file of places) {
    cachedData = readCache(file, key, trusted);
    if (cachedData) {
      from = file;
      break;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const rejected = cachedData !== undefined && cachedData !== null && script.cachedDataRejected === true;
  if (trace) trace(from && !rejected ? `used ${from}` : from ? `rejected ${from}` : `none for ${name}`);
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  // As require() would: a later require of the bundle gets this module, and require.cache lists it.
  require.cache[bundle] = mod;
  const fn = script.runInThisContext();
  fn.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  if (!from || rejected) {
    // After the command ran, so the cache holds the functions it compiled, not only the top level.
    process.once('exit', (code) => {
      const known = name === 'default' || name === 'version' || mod.exports.isCommandName?.(name) === true;
      if (code !== 0 || !known) return;
      let data;
      try {
        data = script.createCachedData();
      } catch {
        return;
      }
      const wrote = places.find((file) => writeCache(file, key, data));
      if (trace) trace(wrote ? `wrote ${wrote}` : 'nowhere to write');
    });
  }
  return mod.exports;
}

module.exports = { loadBundle, cacheName };
