/**
 * `--match`: a PromQL label selector (`{job="nodes",dc="eu"}`) that every fleet query is narrowed by. It is
 * parsed here, so a typo is one usage line before any request, and put back into each query's own selector.
 */

/** One label matcher. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  /** The decoded string value. */
  value: string;
}

const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Parse a selector; throws an Error with a one-line reason. `{}` and '' give no matchers. */
export function parseLabelSelector(text: string): LabelMatcher[] {
  let s = text.trim();
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw new Error(`'${text}': missing closing }`);
    s = s.slice(1, -1);
  } else if (/^[a-zA-Z_:][a-zA-Z0-9_:]*\{/.test(s)) {
    throw new Error(`'${text}': give labels only, without a metric name (e.g. {job="nodes"})`);
  }
  const out: LabelMatcher[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  skipSpace();
  while (i < s.length) {
    const m = NAME_RE.exec(s.slice(i));
    if (!m) throw new Error(`'${text}': expected a label name at '${s.slice(i, i + 10)}'`);
    const name = m[0];
    i += name.length;
    skipSpace();
    const op = (['=~', '!~', '!=', '='] as const).find((o) => s.startsWith(o, i));
    if (!op) throw new Error(`'${text}': expected =, !=, =~ or !~ after ${name}`);
    i += op.length;
    skipSpace();
    const quote = s[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') throw new Error(`'${text}': the value of ${name} must be quoted`);
    i++;
    let value = '';
    for (;;) {
      if (i >= s.length) throw new Error(`'${text}': unterminated string after ${name}${op}`);
      const c = s[i]!;
      if (c === quote) {
        i++;
        break;
      }
      if (c === '\\' && quote !== '`') {
        const n = s[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };
        if (n === undefined || !(n in map)) throw new Error(`'${text}': unsupported escape \\${n ?? ''}`);
        value += map[n];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    // Regular expressions are RE2 (Go), not JavaScript's: Prometheus itself judges them.
    out.push({ name, op, value });
    skipSpace();
    if (i < s.length) {
      if (s[i] !== ',') throw new Error(`'${text}': expected , between matchers`);
      i++;
      skipSpace();
    }
  }
  return out;
}

/** The matchers as PromQL text, without braces (`job="nodes",dc="eu"`). */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',');
}

/** `metric{base matchers, extra}`: a selector for `metric` narrowed by the user's matchers and any extra text. */
export function selector(metric: string, matchers: readonly LabelMatcher[], extra = ''): string {
  const parts = [formatMatchers(matchers), extra].filter((p) => p !== '');
  return `${metric}{${parts.join(',')}}`;
}
