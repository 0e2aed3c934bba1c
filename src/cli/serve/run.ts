import type http from 'node:http';
import { RuntimeError } from '../../core/errors.js';
import { containerExtension } from '../../collectors/container-extension.js';
import { DeviceIoCollector } from '../../collectors/device-io-collector.js';
import { GpuCollector, gpuExtension } from '../../collectors/gpu-collector.js';
import { SnapshotCollector } from '../../collectors/snapshot-collector.js';
import type { ProcFs } from '../../source/proc-fs.js';
import { boundedExtension, Exporter } from './exporter.js';
import { filesystemExtension } from './filesystems.js';
import { exporterHandler } from './http-server.js';
import { formatAuthority } from './listen-address.js';
import type { ServeOptions } from './options.js';
import type { RecordOptions } from '../record/options.js';

/**
 * Longest a scrape waits for the filesystems family, ms; when statfs is slower (a mount that just hung and has
 * not reached its own 1 s limit), the scrape shows the previous filesystem numbers and the reading finishes
 * in the background: the hung mount then shows as node_filesystem_device_error 1 from the next scrape on.
 */
export const FS_WAIT_MS = 500;

/** Longest shutdown waits for scrapes in progress before it closes their connections, milliseconds. */
const SHUTDOWN_GRACE_MS = 2000;

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use (another exporter running? pick another port with --listen)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'address not available: it is not an address of this machine',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EAFNOSUPPORT: 'address family not supported (IPv6 disabled?)',
};

/** Start listening; a bind failure becomes a one-line RuntimeError (exit 1). */
function listen(server: http.Server, host: string, port: number): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why = LISTEN_ERRORS[err.code ?? ''] ?? err.message;
      reject(new RuntimeError(`serve: cannot listen on ${formatAuthority(host, port)}: ${why}`));
    };
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? { host: addr.address, port: addr.port } : { host, port });
    });
  });
}

/** Resolves on SIGINT or SIGTERM (the first one); handlers are removed afterwards. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** A GPU collector streaming at the scrape interval, or null when the machine has no GPU. */
async function startGpus(root: string, intervalSeconds: number): Promise<GpuCollector | null> {
  const gpus = new GpuCollector({ root, intervalMs: Math.max(100, Math.round(intervalSeconds * 1000)) });
  await gpus.init();
  if (gpus.sample().length === 0) return null;
  gpus.startStreaming();
  return gpus;
}

/** `sysmon serve`: listen, answer scrapes until SIGINT/SIGTERM, then close cleanly (exit 0). */
export async function runServe(fs: ProcFs, opts: ServeOptions, record: RecordOptions | null = null, portable = false): Promise<void> {
  // The portable backend (systeminformation, pidusage): the families it can fill; serve's own loads it only then.
  const collector = portable
    ? new (await import('../../collectors/portable-tick-source.js')).PortableTickSource({
      filesystems: true, filesystemsEveryMs: Math.max(1000, opts.interval * 1000),
    })
    : new SnapshotCollector(fs, {
      processNeeds: new Set(['stat', 'uid']),
      extensions: [new DeviceIoCollector(fs), boundedExtension(filesystemExtension(fs), 'filesystems', FS_WAIT_MS),
        ...(opts.containers > 0 ? [containerExtension(fs, { commands: false })] : [])],
    });
  const gpus = opts.gpu ? await startGpus(fs.root, opts.interval) : null;
  if (gpus) collector.addExtension(gpuExtension(gpus));
  const exporter = new Exporter(collector, { top: opts.top, containers: opts.containers, intervalMs: opts.interval * 1000 });
  // serve --record (record-hook.ts): the recorder writes the exporter's own samples.
  const recorder = record
    ? (await import('./record-hook.js')).startServeRecorder(fs, collector, async () => (await exporter.sample()).snapshot, record)
    : null;
  const log = (line: string): void => {
    process.stderr.write(`sysmon: serve: ${line}\n`);
  };
  // TLS and basic auth load (yaml, bcryptjs) only when a web configuration is given.
  const { server, scheme } = await (await import('./serve-server.js')).serveServer(exporterHandler(exporter, log), opts, log);
  const stopped = untilSignal();
  const bound = await listen(server, opts.listen.host, opts.listen.port);
  const url = `${scheme}://${formatAuthority(bound.host, bound.port)}/metrics`;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ event: 'listening', address: bound.host, port: bound.port, url }) + '\n');
  } else {
    process.stdout.write(`sysmon serve: listening on ${url} (Ctrl-C to stop)\n`);
  }

  const sig = await stopped;
  gpus?.stop();
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
  recorder?.stop();
  if (opts.json) process.stdout.write(JSON.stringify({ event: 'stopped', signal: sig }) + '\n');
  // A statfs stuck on a dead NFS server holds a libuv thread and would keep the process alive: do not wait.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}
