import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layer table of ARCHITECTURE.md: which src/ folders each folder may import from.
const allowed: Record<string, string[]> = {
  core: [],
  parsers: ['core'],
  source: ['core'],
  fields: ['core'],
  collectors: ['core', 'parsers', 'source', 'fields'],
  store: ['core'],
  format: ['core', 'fields'],
  tui: ['core', 'fields', 'format', 'store'],
  export: ['core', 'fields', 'format', 'store'],
  remote: ['core', 'fields'],
  cli: ['core', 'parsers', 'source', 'fields', 'collectors', 'store', 'format', 'tui', 'export', 'remote'],
};
// Node built-ins each layer may use; parsers are pure functions of text.
const nodeAllowed: Record<string, boolean> = {
  core: false, parsers: false, fields: false, store: false, format: true, tui: true, export: true,
  source: true, collectors: true, cli: true, remote: true,
};
// Packages only one layer may load: blessed in the TUI; systeminformation and pidusage (they spawn processes)
// only in source/, for static hardware facts and the portable backend, never on the Linux refresh path.
const confined: Record<string, string> = {
  blessed: 'tui', 'blessed-contrib': 'tui', systeminformation: 'source', pidusage: 'source',
};
// Sub-folders with rules of their own (ARCHITECTURE.md): the history is the one part of store/ that may use
// node built-ins (node:fs, node:zlib) and the SQLite driver, which nothing else may load.
const subLayerNode: Record<string, boolean> = { 'store/history': true };
const confinedSub: Record<string, string> = { 'better-sqlite3': 'store/history' };

const srcDir = path.resolve(__dirname, '..', 'src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push((m[1] ?? m[2])!);
  return out;
}

describe('layering (ARCHITECTURE.md)', () => {
  const files = walk(srcDir);
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });
  for (const file of files) {
    const rel = path.relative(srcDir, file);
    const layer = rel.split(path.sep)[0]!;
    const sub = rel.split(path.sep).slice(0, 2).join('/');
    it(`${rel} imports only what its layer may`, () => {
      const bad: string[] = [];
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = path.relative(srcDir, path.resolve(path.dirname(file), spec));
          const tlayer = target.split(path.sep)[0]!;
          if (tlayer !== layer && !(allowed[layer] ?? []).includes(tlayer)) bad.push(spec);
        } else if (spec.startsWith('node:')) {
          if (!nodeAllowed[layer] && !subLayerNode[sub]) bad.push(spec);
        } else {
          const pkg = spec.split('/')[0]!;
          const home = confined[pkg];
          if (home !== undefined && home !== layer) bad.push(spec);
          const subHome = confinedSub[pkg];
          if (subHome !== undefined && subHome !== sub) bad.push(spec);
        }
      }
      // Packages loaded through require()/createRequire count too (the SQLite driver is loaded that way).
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g)) {
        const pkg = m[1]!.split('/')[0]!;
        const home = confinedSub[pkg] ?? confined[pkg];
        if (home !== undefined && home !== (confinedSub[pkg] ? sub : layer)) bad.push(`require(${m[1]})`);
      }
      expect(bad, `${rel} crosses a layer`).toEqual([]);
    });
  }
});
