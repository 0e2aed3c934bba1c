import type { CommandContext } from './context.js';
import { UsageError } from '../core/errors.js';
import { hasProc } from '../source/proc-presence.js';
import { resolveRoot } from '../source/root.js';

/** Where a command's numbers come from: Linux's /proc and /sys, or systeminformation, pidusage and os. */
export type Backend = 'proc' | 'portable';

const NAMES = ['auto', 'proc', 'portable'];

/**
 * The backend of a command: global `--backend`, else SYSMON_BACKEND, else `auto`, which is /proc when the
 * system has one and the portable backend where it does not (macOS, FreeBSD).
 */
export function backendFor(cmd: CommandContext): Backend {
  const opts = cmd.optsWithGlobals<{ backend?: string; root?: string }>();
  const chosen = opts.backend ?? (process.env.SYSMON_BACKEND || 'auto');
  if (!NAMES.includes(chosen)) throw new UsageError(`unknown backend '${chosen}' (valid: ${NAMES.join(', ')})`);
  if (chosen !== 'auto') return chosen as Backend;
  // Only the real system goes portable by itself: a --root without /proc is a mistake to report, not a reason
  // to read this machine instead.
  const root = resolveRoot(opts.root);
  return root !== '/' || hasProc(root) ? 'proc' : 'portable';
}
