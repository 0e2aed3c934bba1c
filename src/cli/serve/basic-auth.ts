import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * HTTP basic auth against bcrypt hashes (basic_auth_users). bcrypt is slow on purpose (cost 10 is ~70 ms of
 * JavaScript), so:
 * - a user+password pair that verified is remembered (by a SHA-256 of both, never the password itself) for a
 *   while, so Prometheus's scrape every 15 s costs one bcrypt per hour, not one per scrape;
 * - verification is bcryptjs's asynchronous form, which yields to the event loop between rounds, so other
 *   scrapes go on while a login is checked;
 * - at most a few checks run at once: a flood of wrong passwords is answered 429 instead of queueing CPU work;
 * - an unknown user costs a bcrypt against a fixed hash too, so the answer time does not tell which users exist.
 */

/** The outcome of one request's credentials. */
export type AuthResult = 'ok' | 'denied' | 'busy';

/** A remembered success is trusted this long, milliseconds. */
const CACHE_MS = 60 * 60 * 1000;
/** Remembered successes at most (one per user and password in use; old ones go first). */
const CACHE_MAX = 256;
/** bcrypt checks in progress at most. */
const MAX_CHECKS = 4;

// A hash of a random password, same cost as a typical entry: unknown users are checked against it.
const DUMMY_HASH = '$2b$10$BRiugA/iYT/pZ8SlziSc5OYMNa11bdcjruTxbcCyD2GaraFPYH6Aq';

/** Parse `Authorization: Basic base64(user:password)`; null when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

export class BasicAuth {
  private readonly verified = new Map<string, number>();
  private checks = 0;

  constructor(private readonly users: ReadonlyMap<string, string>, private readonly now: () => number = Date.now) {}

  /** Check a request's Authorization header. */
  async check(header: string | undefined): Promise<AuthResult> {
    const cred = parseBasicAuth(header);
    if (!cred) return 'denied';
    const hash = this.users.get(cred.user);
    const key = crypto.createHash('sha256').update(`${cred.user}\0${cred.password}\0${hash ?? ''}`).digest('base64');
    const at = this.verified.get(key);
    if (at !== undefined && this.now() - at < CACHE_MS) return 'ok';
    if (this.checks >= MAX_CHECKS) return 'busy';
    this.checks++;
    let ok: boolean;
    try {
      ok = await bcrypt.compare(cred.password, hash ?? DUMMY_HASH);
    } catch {
      ok = false;
    } finally {
      this.checks--;
    }
    if (!ok || hash === undefined) return 'denied';
    this.verified.delete(key);
    this.verified.set(key, this.now());
    if (this.verified.size > CACHE_MAX) this.verified.delete(this.verified.keys().next().value!);
    return 'ok';
  }
}
