import http from 'node:http';
import https from 'node:https';

/**
 * A small client of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`, `/api/v1/series`): what
 * `sysmon fleet` needs and no more. Every request has a deadline; every failure becomes a {@link PrometheusError}
 * with one line fit for a status line ("connection refused", "timed out after 5 s", "HTTP 401 ...").
 */

/** How to reach the server. TLS material is passed in as bytes: this layer does not read files. */
export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://prom:9090` or `https://prom.example/prometheus` (a path prefix is kept). */
  url: string;
  /** Deadline of one request, milliseconds (connect, headers and body). */
  timeoutMs: number;
  /** HTTP basic auth; user info in the URL is used when this is absent. */
  basicAuth?: { username: string; password: string };
  /** Extra CA certificates (PEM) to trust for an https URL. */
  ca?: Buffer;
  /** Client certificate and key (PEM) for servers that ask for one. */
  cert?: Buffer;
  key?: Buffer;
  /** Do not verify the server's certificate (self-signed test servers). */
  insecureSkipVerify?: boolean;
  /** Largest response body accepted, bytes (a runaway query must not eat the terminal's memory). */
  maxBodyBytes?: number;
}

/** An instant vector element. */
export interface VectorSample {
  metric: Record<string, string>;
  /** Evaluation time, seconds since the epoch. */
  time: number;
  value: number;
}

/** A range vector element. */
export interface MatrixSeries {
  metric: Record<string, string>;
  /** [time in seconds since the epoch, value] pairs, oldest first. */
  values: Array<[number, number]>;
}

/** A request to Prometheus failed; `message` is one line. */
export class PrometheusError extends Error {
  constructor(message: string, readonly kind: 'network' | 'timeout' | 'http' | 'api' | 'parse') {
    super(message);
    this.name = 'PrometheusError';
  }
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EPIPE: 'connection closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate (give its CA with --ca-file)',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain (give its CA with --ca-file)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted (give its CA with --ca-file)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  CERT_HAS_EXPIRED: 'certificate has expired',
};

/** Parse a Prometheus sample value ("1.5", "NaN", "+Inf"). */
function sampleValue(text: unknown): number {
  if (typeof text !== 'string') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

export class PrometheusClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly auth: string | undefined;

  constructor(private readonly opts: PrometheusClientOptions) {
    let base: URL;
    try {
      base = new URL(opts.url);
    } catch {
      throw new PrometheusError(`invalid Prometheus URL '${opts.url}'`, 'parse');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new PrometheusError(`invalid Prometheus URL '${opts.url}': only http and https`, 'parse');
    }
    const user = opts.basicAuth ?? (base.username ? { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) } : undefined);
    this.auth = user ? 'Basic ' + Buffer.from(`${user.username}:${user.password}`).toString('base64') : undefined;
    base.username = '';
    base.password = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.agent = base.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: 8, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: !opts.insecureSkipVerify })
      : new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  /** The server's URL without credentials, for messages. */
  get url(): string {
    return this.base.href.replace(/\/$/, '');
  }

  /** Close idle keep-alive connections (the process can then exit). */
  close(): void {
    this.agent.destroy();
  }

  /** `GET /api/v1/query`: an instant vector (a scalar result becomes one sample without labels). */
  async query(expr: string, time?: number): Promise<VectorSample[]> {
    const params: Record<string, string> = { query: expr };
    if (time !== undefined) params.time = String(time);
    const data = (await this.get('api/v1/query', params)) as { resultType?: string; result?: unknown };
    if (data.resultType === 'scalar' && Array.isArray(data.result)) {
      return [{ metric: {}, time: Number(data.result[0]), value: sampleValue(data.result[1]) }];
    }
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
      throw new PrometheusError(`query returned ${String(data.resultType)}, not a vector`, 'parse');
    }
    return (data.result as Array<{ metric?: Record<string, string>; value?: [number, string] }>).map((r) => ({
      metric: r.metric ?? {},
      time: Number(r.value?.[0]),
      value: sampleValue(r.value?.[1]),
    }));
  }

  /** `GET /api/v1/query_range`: a matrix from `start` to `end` (seconds since the epoch) every `step` seconds. */
  async queryRange(expr: string, start: number, end: number, step: number): Promise<MatrixSeries[]> {
    const data = (await this.get('api/v1/query_range', {
      query: expr, start: String(start), end: String(end), step: String(step),
    })) as { resultType?: string; result?: unknown };
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) {
      throw new PrometheusError(`range query returned ${String(data.resultType)}, not a matrix`, 'parse');
    }
    return (data.result as Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }>).map((r) => ({
      metric: r.metric ?? {},
      values: (r.values ?? []).map(([t, v]) => [Number(t), sampleValue(v)] as [number, number]),
    }));
  }

  /** `GET /api/v1/series`: the label sets of the series matching any selector, between start and end. */
  async series(match: string[], start: number, end: number): Promise<Array<Record<string, string>>> {
    const data = await this.get('api/v1/series', { 'match[]': match, start: String(start), end: String(end) });
    if (!Array.isArray(data)) throw new PrometheusError('series returned no list', 'parse');
    return data as Array<Record<string, string>>;
  }

  /** One API call: the `data` of a `status: success` answer, or a PrometheusError. */
  private get(path: string, params: Record<string, string | string[]>): Promise<unknown> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(params)) {
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    }
    const lib = url.protocol === 'https:' ? https : http;
    const max = this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const seconds = this.opts.timeoutMs / 1000;
    return new Promise((resolve, reject) => {
      let done = false;
      const fail = (e: PrometheusError): void => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        req.destroy();
        reject(e);
      };
      const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
      if (this.auth) headers.Authorization = this.auth;
      const req = lib.get(url, { agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) fail(new PrometheusError(`answer larger than ${max} bytes`, 'parse'));
          else chunks.push(c);
        });
        res.on('error', (e: NodeJS.ErrnoException) => fail(networkError(e)));
        res.on('end', () => {
          if (done) return;
          done = true;
          clearTimeout(deadline);
          const text = Buffer.concat(chunks).toString('utf8');
          type ApiBody = { status?: string; data?: unknown; error?: string; errorType?: string };
          let body: ApiBody | null;
          try {
            body = JSON.parse(text) as ApiBody;
          } catch {
            body = null;
          }
          const status = res.statusCode ?? 0;
          if (body && body.status === 'success') {
            resolve(body.data);
          } else if (body && body.status === 'error') {
            reject(new PrometheusError(`${body.errorType ?? 'error'}: ${oneLine(body.error ?? '')}`, 'api'));
          } else if (status !== 200) {
            const hint = status === 401 ? ' (wrong or missing credentials?)' : status === 404 ? ' (not a Prometheus API at this URL?)' : '';
            reject(new PrometheusError(`HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd() + hint, 'http'));
          } else {
            reject(new PrometheusError('answer is not Prometheus API JSON', 'parse'));
          }
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => fail(networkError(e)));
      const deadline = setTimeout(() => fail(new PrometheusError(`timed out after ${seconds} s`, 'timeout')), this.opts.timeoutMs);
    });
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function networkError(e: NodeJS.ErrnoException): PrometheusError {
  const why = NETWORK_ERRORS[e.code ?? ''] ?? oneLine(e.message);
  return new PrometheusError(why, 'network');
}
