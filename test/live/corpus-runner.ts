import fs from 'node:fs';
import path from 'node:path';

/** One line of a corpus file: how to compare, the environment words and the arguments. */
export interface CorpusCase {
  mode: string;
  env: Record<string, string>;
  args: string[];
  line: string;
}

/** Shell words of a corpus line: single and double quotes, `$NAME` replaced outside single quotes. */
export function shellWords(text: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  let i = 0;
  const sub = (): string => {
    const m = /^\$([A-Z][A-Z0-9_]*)/.exec(text.slice(i));
    if (!m) {
      i++;
      return '$';
    }
    i += m[0].length;
    const v = vars[m[1]!];
    if (v === undefined) throw new Error(`corpus: unknown placeholder $${m[1]}`);
    return v;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      if (cur !== null) out.push(cur);
      cur = null;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      cur = (cur ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      cur ??= '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '$') cur += sub();
        else cur += text[i++];
      }
      i++;
    } else if (c === '$') {
      cur = (cur ?? '') + sub();
    } else {
      cur = (cur ?? '') + c;
      i++;
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}

/** The cases of test/corpus/NAME.txt with placeholders filled in. */
export function readCorpus(name: string, vars: Record<string, string>): CorpusCase[] {
  const file = path.resolve(__dirname, '..', 'corpus', `${name}.txt`);
  const cases: CorpusCase[] = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const tab = raw.indexOf('\t');
    const mode = raw.slice(0, tab);
    const words = shellWords(raw.slice(tab + 1), vars);
    const env: Record<string, string> = {};
    while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
      const w = words.shift()!;
      env[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    }
    cases.push({ mode, env, args: words, line: raw.slice(tab + 1) });
  }
  return cases;
}

/** Count the corpus lines of a file without filling placeholders (for the size check). */
export function corpusSize(name: string): number {
  const file = path.resolve(__dirname, '..', 'corpus', `${name}.txt`);
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
}
