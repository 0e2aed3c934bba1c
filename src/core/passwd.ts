/* Lives in core so source/users.ts (which may import only core) can use it; parsers/passwd.ts re-exports it. */
/**
 * /etc/passwd (passwd(5)): `name:password:uid:gid:gecos:home:shell`. Returns uid -> name; the first line
 * for a uid wins (as getpwuid answers). Comments, blank and malformed lines are skipped.
 */
export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 3 || f[0] === '' || f[2] === '') continue;
    const uid = Number(f[2]);
    if (!Number.isInteger(uid) || uid < 0) continue;
    if (!out.has(uid)) out.set(uid, f[0]!);
  }
  return out;
}
