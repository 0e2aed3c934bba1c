import http from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from '../../export/exposition.js';

/** One rendered /metrics body, plain and (made on first demand, then kept) gzip-compressed. */
export interface MetricsBody {
  plain: Buffer;
  gzip(): Buffer;
}

/** What the HTTP layer needs from the exporter: the current /metrics body. */
export interface MetricsProvider {
  /** The exposition for this scrape (shared by the scrapes of one interval). */
  metrics(): Promise<MetricsBody>;
}

/** True when the client accepts gzip (Prometheus always sends `Accept-Encoding: gzip`). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding!.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const INDEX_PAGE = Buffer.from(
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>sysmon exporter</title></head>\n' +
    '<body><h1>sysmon exporter</h1>\n<p><a href="/metrics">Metrics</a> (Prometheus text format 0.0.4)</p>\n' +
    '<p><a href="/healthz">Health</a></p>\n</body></html>\n',
);

type Route = 'metrics' | 'index' | 'healthz';
const ROUTES = new Map<string, Route>([['/metrics', 'metrics'], ['/', 'index'], ['/healthz', 'healthz']]);

function send(res: http.ServerResponse, status: number, type: string, body: Buffer | string, extra: http.OutgoingHttpHeaders = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, ...extra });
  res.end(buf);
}

/**
 * The exporter's HTTP server: GET (and HEAD) /metrics, / and /healthz; any other path 404, any other method
 * on a known path 405. Errors while collecting become a 500 with one line, and one line on `log`.
 */
export function createExporterServer(provider: MetricsProvider, log: (line: string) => void): http.Server {
  const server = http.createServer(exporterHandler(provider, log));
  // A scraper that opens a connection and never sends a request must not hold a socket forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

/** The request handler of {@link createExporterServer}, for servers made elsewhere (TLS, authentication). */
export function exporterHandler(provider: MetricsProvider, log: (line: string) => void): http.RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const route = ROUTES.get(q < 0 ? url : url.slice(0, q));
    if (!route) {
      send(res, 404, 'text/plain; charset=utf-8', 'not found: try /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', `method ${req.method} not allowed\n`, { Allow: 'GET, HEAD' });
      return;
    }
    if (route === 'index') {
      send(res, 200, 'text/html; charset=utf-8', INDEX_PAGE);
      return;
    }
    if (route === 'healthz') {
      send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
      return;
    }
    provider.metrics().then(
      (body) => {
        if (res.destroyed) return;
        if (acceptsGzip(req.headers['accept-encoding'])) {
          send(res, 200, EXPOSITION_CONTENT_TYPE, body.gzip(), { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
        } else {
          send(res, 200, EXPOSITION_CONTENT_TYPE, body.plain, { Vary: 'Accept-Encoding' });
        }
      },
      (err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        log(`scrape failed: ${msg}`);
        if (!res.destroyed) send(res, 500, 'text/plain; charset=utf-8', `scrape failed: ${msg}\n`);
      },
    );
  };
}
