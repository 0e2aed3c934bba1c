import os from 'node:os';
import path from 'node:path';
import type { Source } from '../../fields/registry.js';

/**
 * Where the history lives unless --db says otherwise: /var/lib/sysmon/history.db for root (a system
 * recorder), else $XDG_STATE_HOME/sysmon/history.db ($XDG_STATE_HOME defaults to ~/.local/state, per the XDG
 * base directory spec: state that should persist across restarts but is not worth backing up).
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? -1): string {
  if (uid === 0) return '/var/lib/sysmon/history.db';
  const state = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'sysmon', 'history.db');
}

/** The database a command uses: --db, else the default. */
export function dbPathFrom(db: string | undefined): string {
  return db !== undefined && db !== '' ? path.resolve(db) : defaultDbPath();
}

/**
 * Process files a recording reads: what the dashboard and ps/top -o columns need (stat; statm for exact RSS
 * and SHR; the owner and the command line once per process). Not status on every tick: only STAT's `L`
 * (locked pages) needs it, and it would double the cost of a tick.
 */
export const RECORD_NEEDS: ReadonlySet<Source> = new Set<Source>(['stat', 'statm', 'rss', 'uid', 'cmdline']);
