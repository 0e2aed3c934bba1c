// A private PID namespace holding N idle processes, so every measured tool sees exactly that many.
// `unshare --pid --fork --kill-child --mount-proc` gives the namespace its own /proc; its init (a bash) starts
// the idle `sleep`s and waits. Killing unshare kills that init, and with it every process of the namespace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Whether this user can make PID namespaces with unshare and enter them with nsenter. */
export function namespacesAvailable() {
  if (process.getuid?.() !== 0) return 'needs root (unshare --pid --mount-proc); run as root for 500/2000/5000';
  for (const tool of ['unshare', 'nsenter']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} missing (apt-get install -y util-linux)`;
  }
  return null;
}

function childrenOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Start a namespace with `idle` sleeping processes besides its init. Resolves to { initPid, run(argv, opts),
 * close() } where run starts a command inside the namespace (PID and mount namespaces, so /proc is its own).
 */
export async function startNamespace(idle, { timeoutMs = 120_000 } = {}) {
  const script = `for ((i=0;i<${idle};i++)); do sleep 1000000 & done; echo ready; wait`;
  const holder = spawn('unshare', ['--pid', '--fork', '--kill-child', '--mount-proc', 'bash', '-c', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    holder.stdout.on('data', (d) => {
      if (String(d).includes('ready')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    holder.on('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const close = () => {
    try {
      holder.kill('SIGKILL');
    } catch {}
  };
  const initPid = childrenOf(holder.pid)[0];
  if (!ready || !initPid) {
    close();
    throw new Error(`could not start a PID namespace with ${idle} processes`);
  }
  return {
    initPid,
    /** spawn() a command inside the namespace. */
    spawn(argv, opts) {
      return spawn('nsenter', ['-t', String(initPid), '-p', '-m', '--', ...argv], opts);
    },
    close,
  };
}
