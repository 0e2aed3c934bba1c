import http from 'node:http';
import https from 'node:https';
import type tls from 'node:tls';
import { RuntimeError } from '../../core/errors.js';
import type { BasicAuth } from './basic-auth.js';
import { ConnectionGuard } from './connection-guard.js';
import type { WebConfig } from './web-config.js';

/**
 * The HTTP(S) server of `sysmon serve` for use beyond loopback: TLS and client certificates and basic auth from
 * the web configuration file, and limits that hold against slow or hostile clients. The routes themselves are
 * http-server.ts's handler.
 */

/** Limits of the hardened server. */
export const SERVE_LIMITS = {
  /** Longest a client may take to send its request headers, ms (slowloris). */
  headersTimeoutMs: 10_000,
  /** Longest a whole request may take, ms. */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this, ms (Prometheus scrapes every 15 s by default). */
  keepAliveTimeoutMs: 60_000,
  /** Longest a TLS handshake may take, ms. */
  handshakeTimeoutMs: 10_000,
  /** Largest request head, bytes (a scrape sends a few hundred). */
  maxHeaderSize: 8192,
  /** Header lines at most per request. */
  maxHeadersCount: 64,
} as const;

/** Default cap on open connections (`--web.max-connections`). */
export const DEFAULT_MAX_CONNECTIONS = 256;

export interface SecureServerOptions {
  web: WebConfig | null;
  auth: BasicAuth | null;
  maxConnections: number;
  /** Reads a file the configuration names (certificate, key, CA). */
  readFile(path: string, what: string): Buffer;
}

export interface ServeServer {
  server: http.Server;
  scheme: 'http' | 'https';
  guard: ConnectionGuard;
}

function tlsOptions(web: WebConfig, readFile: SecureServerOptions['readFile']): https.ServerOptions {
  const t = web.tls!;
  const cert = t.cert ?? readFile(t.certFile!, 'tls_server_config.cert_file');
  const key = t.key ?? readFile(t.keyFile!, 'tls_server_config.key_file');
  const ca = t.clientCaFile === undefined ? undefined : readFile(t.clientCaFile, 'tls_server_config.client_ca_file');
  const requestCert = t.clientAuthType !== 'NoClientCert';
  return {
    cert, key, ca, requestCert,
    // Only RequireAndVerifyClientCert lets OpenSSL refuse the handshake itself; the softer policies are
    // judged per connection below, as Go's crypto/tls does for exporter-toolkit.
    rejectUnauthorized: t.clientAuthType === 'RequireAndVerifyClientCert',
    minVersion: t.minVersion,
    maxVersion: t.maxVersion,
    handshakeTimeout: SERVE_LIMITS.handshakeTimeoutMs,
  };
}

/** Is this TLS connection allowed by client_auth_type and client_allowed_sans? */
function clientCertAllowed(sock: tls.TLSSocket, web: WebConfig): boolean {
  const t = web.tls!;
  const peer = sock.getPeerCertificate();
  const has = peer !== null && typeof peer === 'object' && Object.keys(peer).length > 0;
  switch (t.clientAuthType) {
    case 'RequireAnyClientCert':
      if (!has) return false;
      break;
    case 'VerifyClientCertIfGiven':
      if (has && !sock.authorized) return false;
      break;
    case 'RequireAndVerifyClientCert':
      if (!has || !sock.authorized) return false;
      break;
    default:
  }
  if (t.clientAllowedSans.length > 0) {
    if (!has) return false;
    const sans = (peer.subjectaltname ?? '').split(',').map((s) => s.trim().replace(/^(DNS|IP Address|email|URI):/, ''));
    if (!t.clientAllowedSans.some((a) => sans.includes(a))) return false;
  }
  return true;
}

function deny(res: http.ServerResponse, status: number, text: string, extra: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(text);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra });
  res.end(body);
}

/** Make the server; a bad certificate or key is one RuntimeError line (exit 1). */
export function createServeServer(handler: http.RequestListener, o: SecureServerOptions): ServeServer {
  const headers = o.web?.headers ?? {};
  const guarded: http.RequestListener = (req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    // Anything but a GET or HEAD is not read: the connection closes after the answer.
    if (req.method !== 'GET' && req.method !== 'HEAD') res.setHeader('Connection', 'close');
    if (!o.auth) {
      handler(req, res);
      return;
    }
    o.auth.check(req.headers.authorization).then((r) => {
      if (res.destroyed) return;
      if (r === 'ok') handler(req, res);
      else if (r === 'busy') deny(res, 429, 'too many logins being checked; try again\n', { 'Retry-After': '1' });
      else deny(res, 401, 'Unauthorized\n', { 'WWW-Authenticate': 'Basic realm="sysmon"' });
    }, () => deny(res, 500, 'authentication failed\n'));
  };
  // Node checks the header and request timeouts on a timer (30 s by default): every second here, so a
  // slowloris socket lives at most about headersTimeoutMs + 1 s.
  const base: http.ServerOptions = {
    maxHeaderSize: SERVE_LIMITS.maxHeaderSize, keepAliveTimeout: SERVE_LIMITS.keepAliveTimeoutMs, connectionsCheckingInterval: 1000,
  };
  let server: http.Server;
  let scheme: 'http' | 'https' = 'http';
  if (o.web?.tls) {
    let opts: https.ServerOptions;
    try {
      opts = tlsOptions(o.web, o.readFile);
      server = https.createServer({ ...base, ...opts }, guarded);
    } catch (e) {
      if (e instanceof RuntimeError) throw e;
      throw new RuntimeError(`serve: TLS setup failed: ${(e as Error).message}`);
    }
    scheme = 'https';
    const web = o.web;
    server.on('secureConnection', (sock: tls.TLSSocket) => {
      if (!clientCertAllowed(sock, web)) sock.destroy();
    });
    // A failed handshake (plain http to the TLS port, an untrusted client certificate) closes that socket only.
    server.on('tlsClientError', (_err: Error, sock: tls.TLSSocket) => sock.destroy());
  } else {
    server = http.createServer(base, guarded);
  }
  server.headersTimeout = SERVE_LIMITS.headersTimeoutMs;
  server.requestTimeout = SERVE_LIMITS.requestTimeoutMs;
  server.maxHeadersCount = SERVE_LIMITS.maxHeadersCount;
  server.on('clientError', (_err: Error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const guard = new ConnectionGuard(o.maxConnections);
  guard.attach(server);
  return { server, scheme, guard };
}
