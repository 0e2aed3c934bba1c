import type http from 'node:http';
import { readUserFile } from '../../source/user-files.js';
import type { ServeOptions } from './options.js';
import { createServeServer, type ServeServer } from './secure-server.js';

const readFile = (file: string, what: string): Buffer => readUserFile(file, what, 'serve');

/**
 * The server for the options: plain and hardened, or with TLS and basic auth from `--web.config.file`. The
 * web configuration's parser (yaml) and bcrypt load only when the option is given.
 */
export async function serveServer(handler: http.RequestListener, opts: ServeOptions, log: (line: string) => void): Promise<ServeServer> {
  if (opts.webConfigFile === undefined) {
    return createServeServer(handler, { web: null, auth: null, maxConnections: opts.maxConnections, readFile });
  }
  const [{ loadWebConfig }, { BasicAuth }] = await Promise.all([import('./web-config.js'), import('./basic-auth.js')]);
  const web = loadWebConfig(opts.webConfigFile, readFile);
  for (const note of web.ignored) log(`--web.config.file: ignoring ${note}`);
  if (web.users.size > 0 && !web.tls) log('basic auth without TLS: passwords cross the network in clear text');
  const auth = web.users.size > 0 ? new BasicAuth(web.users) : null;
  return createServeServer(handler, { web, auth, maxConnections: opts.maxConnections, readFile });
}
