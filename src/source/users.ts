import { parsePasswd } from '../core/passwd.js';
import { countUtmpUsers } from '../core/utmp.js';
import type { ProcFs } from './proc-fs.js';
import { readRegularFile } from './regular-file.js';

/**
 * uid -> user name from /etc/passwd under the ProcFs root, read once and cached. A uid without an entry
 * prints as its number, as ps does. (NSS sources such as LDAP are not consulted: sysmon reads files only.)
 */
export class UserNames {
  private names: Map<number, string> | null = null;

  constructor(private readonly procFs: ProcFs) {}

  /** Name for a uid, or the uid as text. */
  name(uid: number): string {
    return this.table().get(uid) ?? String(uid);
  }

  /** uid of a user name, or undefined when /etc/passwd has no such user. */
  uidOf(name: string): number | undefined {
    for (const [uid, n] of this.table()) if (n === name) return uid;
    return undefined;
  }

  private table(): Map<number, string> {
    if (this.names === null) this.names = parsePasswd(this.procFs.readText('/etc/passwd') ?? '');
    return this.names;
  }
}

/**
 * Logged-in users as top's first line counts them: USER_PROCESS records of /var/run/utmp (or /run/utmp) under
 * the root. A system without utmp (containers, minimal VMs) has 0 users, which is what top prints there too.
 */
export function countLoggedInUsers(procFs: ProcFs): number {
  for (const p of ['/var/run/utmp', '/run/utmp']) {
    // Missing, unreadable or not a file: try the next place, then report 0.
    const bytes = readRegularFile(procFs.path(p));
    if (bytes !== null) return countUtmpUsers(bytes);
  }
  return 0;
}
