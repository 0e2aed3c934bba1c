import os from 'node:os';
import path from 'node:path';

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

