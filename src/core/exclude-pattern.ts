/**
 * coreutils du's `--exclude=PATTERN`: a shell wildcard (fnmatch without flags, so `*` and `?` also match `/`
 * and a leading dot) tested against the whole path and against every part of it that follows a `/`
 * (gnulib exclude_fnmatch, not anchored): `*.log`, `deep` and `a/*` all match `dir/a/deep`'s names as du does.
 */

/** A compiled pattern: true when it excludes the path. */
export type ExcludeTest = (path: string) => boolean;

/** fnmatch(3) with flags 0 as a regular expression: `*`, `?`, `[...]` (`!` or `^` negates), `\x` literal. */
function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        let neg = false;
        if (body.startsWith('!') || body.startsWith('^')) {
          neg = true;
          body = body.slice(1);
        }
        re += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

/** Index of the `]` closing the bracket expression at `start`, or -1 (then `[` is literal). */
function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++; // a leading ] is a member
  for (; i < p.length; i++) if (p[i] === ']') return i;
  return -1;
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** The test of one or more patterns (any match excludes). */
export function excludeTest(patterns: readonly string[]): ExcludeTest | null {
  if (patterns.length === 0) return null;
  const res = patterns.map(toRegExp);
  return (path) => {
    const tries = [path];
    for (let i = 0; i < path.length; i++) if (path[i] === '/' && path[i + 1] !== '/' && i + 1 < path.length) tries.push(path.slice(i + 1));
    return tries.some((t) => res.some((r) => r.test(t)));
  };
}
