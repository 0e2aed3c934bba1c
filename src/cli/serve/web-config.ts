import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RuntimeError } from '../../core/errors.js';

/**
 * `--web.config.file`: the web configuration file of the Prometheus exporters (exporter-toolkit's format),
 * so an operator's existing file works unchanged:
 *
 * ```yaml
 * tls_server_config:
 *   cert_file: server.crt        # or `cert:` with the PEM inline; paths are relative to this file
 *   key_file: server.key
 *   client_auth_type: RequireAndVerifyClientCert
 *   client_ca_file: ca.crt
 *   min_version: TLS12
 * http_server_config:
 *   headers: { X-Frame-Options: deny }
 * basic_auth_users:
 *   prometheus: $2y$10$...        # bcrypt hashes only, as exporter-toolkit
 * ```
 *
 * Pure: the caller reads the files (see {@link loadWebConfig}); this turns text into a checked config.
 */

/** exporter-toolkit's client_auth_type values (Go's tls.ClientAuthType names). */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const TLS_VERSIONS: Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3',
};

/** The TLS side of the file, paths resolved against the file's directory. */
export interface TlsServerSettings {
  /** PEM of the certificate (chain), from cert_file or cert. */
  certFile?: string;
  cert?: string;
  keyFile?: string;
  key?: string;
  clientAuthType: ClientAuthType;
  clientCaFile?: string;
  /** Node's names; exporter-toolkit's default minimum is TLS 1.2. */
  minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** Subject alternative names a client certificate must carry one of (client_allowed_sans); empty: any. */
  clientAllowedSans: string[];
}

/** A checked web configuration. */
export interface WebConfig {
  tls: TlsServerSettings | null;
  /** User name -> bcrypt hash. Empty: no authentication. */
  users: Map<string, string>;
  /** Extra response headers (http_server_config.headers). */
  headers: Record<string, string>;
  /** Settings accepted for compatibility that sysmon does not apply, for one startup note. */
  ignored: string[];
}

const BCRYPT_RE = /^\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new Error(`${where} must be a string`);
  return v;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new Error(`unknown field ${where}${k} (known: ${allowed.join(', ')})`);
  }
}

/** Parse the file's text; `dir` is its directory (relative paths are relative to it, as in exporter-toolkit). */
export function parseWebConfig(text: string, dir: string): WebConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    throw new Error(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObject(doc)) throw new Error('the top level must be a mapping');
  checkKeys(doc, ['tls_server_config', 'http_server_config', 'basic_auth_users'], '');
  const ignored: string[] = [];
  const rel = (p: string): string => (path.isAbsolute(p) ? p : path.join(dir, p));

  let tls: TlsServerSettings | null = null;
  const t = doc.tls_server_config;
  if (t !== undefined && t !== null) {
    if (!isObject(t)) throw new Error('tls_server_config must be a mapping');
    checkKeys(t, ['cert_file', 'key_file', 'cert', 'key', 'client_auth_type', 'client_ca_file', 'client_ca', 'min_version', 'max_version',
      'cipher_suites', 'curve_preferences', 'prefer_server_cipher_suites', 'client_allowed_sans'], 'tls_server_config.');
    const certFile = t.cert_file === undefined ? undefined : rel(str(t.cert_file, 'tls_server_config.cert_file'));
    const keyFile = t.key_file === undefined ? undefined : rel(str(t.key_file, 'tls_server_config.key_file'));
    const cert = t.cert === undefined ? undefined : str(t.cert, 'tls_server_config.cert');
    const key = t.key === undefined ? undefined : str(t.key, 'tls_server_config.key');
    if (certFile === undefined && cert === undefined) throw new Error('tls_server_config: missing cert_file');
    if (keyFile === undefined && key === undefined) throw new Error('tls_server_config: missing key_file');
    if (certFile !== undefined && cert !== undefined) throw new Error('tls_server_config: give cert_file or cert, not both');
    if (keyFile !== undefined && key !== undefined) throw new Error('tls_server_config: give key_file or key, not both');
    const cat = t.client_auth_type === undefined ? 'NoClientCert' : str(t.client_auth_type, 'tls_server_config.client_auth_type');
    if (!(CLIENT_AUTH_TYPES as readonly string[]).includes(cat)) {
      throw new Error(`tls_server_config.client_auth_type '${cat}' is not one of ${CLIENT_AUTH_TYPES.join(', ')}`);
    }
    if (t.client_ca !== undefined) throw new Error('tls_server_config.client_ca (inline) is not supported: use client_ca_file');
    const clientCaFile = t.client_ca_file === undefined ? undefined : rel(str(t.client_ca_file, 'tls_server_config.client_ca_file'));
    if (clientCaFile !== undefined && cat === 'NoClientCert') {
      throw new Error('tls_server_config: client_ca_file is set but client_auth_type is NoClientCert (set RequireAndVerifyClientCert)');
    }
    if ((cat === 'VerifyClientCertIfGiven' || cat === 'RequireAndVerifyClientCert') && clientCaFile === undefined) {
      throw new Error(`tls_server_config: client_auth_type ${cat} needs client_ca_file`);
    }
    const version = (v: unknown, where: string): TlsServerSettings['minVersion'] => {
      const s = str(v, where);
      const n = TLS_VERSIONS[s];
      if (!n) throw new Error(`${where} '${s}' is not one of ${Object.keys(TLS_VERSIONS).join(', ')}`);
      return n;
    };
    const sans = t.client_allowed_sans;
    if (sans !== undefined && !(Array.isArray(sans) && sans.every((x) => typeof x === 'string'))) {
      throw new Error('tls_server_config.client_allowed_sans must be a list of strings');
    }
    for (const k of ['cipher_suites', 'curve_preferences', 'prefer_server_cipher_suites']) {
      if (t[k] !== undefined) ignored.push(`tls_server_config.${k} (Node's defaults apply)`);
    }
    tls = {
      certFile, cert, keyFile, key, clientAuthType: cat as ClientAuthType, clientCaFile,
      minVersion: t.min_version === undefined ? 'TLSv1.2' : version(t.min_version, 'tls_server_config.min_version'),
      maxVersion: t.max_version === undefined ? undefined : version(t.max_version, 'tls_server_config.max_version'),
      clientAllowedSans: (sans as string[] | undefined) ?? [],
    };
  }

  const headers: Record<string, string> = {};
  const h = doc.http_server_config;
  if (h !== undefined && h !== null) {
    if (!isObject(h)) throw new Error('http_server_config must be a mapping');
    checkKeys(h, ['http2', 'headers'], 'http_server_config.');
    if (h.http2 !== undefined) ignored.push('http_server_config.http2 (sysmon serves HTTP/1.1)');
    if (h.headers !== undefined) {
      if (!isObject(h.headers)) throw new Error('http_server_config.headers must be a mapping');
      for (const [k, v] of Object.entries(h.headers)) {
        if (!/^[A-Za-z0-9-]+$/.test(k)) throw new Error(`http_server_config.headers: bad header name '${k}'`);
        const value = str(v, `http_server_config.headers.${k}`);
        if (/[\r\n]/.test(value)) throw new Error(`http_server_config.headers.${k}: a header value cannot hold a newline`);
        headers[k] = value;
      }
    }
  }

  const users = new Map<string, string>();
  const u = doc.basic_auth_users;
  if (u !== undefined && u !== null) {
    if (!isObject(u)) throw new Error('basic_auth_users must be a mapping of user name to bcrypt hash');
    for (const [name, hash] of Object.entries(u)) {
      const hv = str(hash, `basic_auth_users.${name}`);
      if (!BCRYPT_RE.test(hv)) throw new Error(`basic_auth_users.${name} is not a bcrypt hash ($2y$10$... as htpasswd -nBC 10 makes)`);
      if (name.includes(':')) throw new Error(`basic_auth_users: user name '${name}' cannot hold ':'`);
      users.set(name, hv);
    }
  }
  return { tls, users, headers, ignored };
}

/** Read and check the file; every problem is one RuntimeError line naming the file (exit 1). */
export function loadWebConfig(file: string, read: (p: string, what: string) => Buffer): WebConfig {
  const text = read(file, '--web.config.file').toString('utf8');
  try {
    return parseWebConfig(text, path.dirname(path.resolve(file)));
  } catch (e) {
    throw new RuntimeError(`serve: --web.config.file ${file}: ${(e as Error).message}`);
  }
}
