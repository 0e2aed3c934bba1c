import fs from 'node:fs';
import path from 'node:path';
import { RuntimeError, UsageError } from '../../core/errors.js';
import { out } from '../../format/output.js';
import { DROP_INS } from '../drop-in.js';

/**
 * Create DIR/<tool> -> the real path of the running launcher (bin/sysmon) for each drop-in tool. A link that
 * already points there is left alone; another file of that name is kept unless `force`.
 */
export function makeLinks(dir: string, o: { force: boolean; tools: string[] | null }): void {
  const tools = o.tools ?? Object.keys(DROP_INS);
  const unknown = tools.filter((t) => !(t in DROP_INS));
  if (unknown.length > 0) {
    throw new UsageError(`unknown tool '${unknown[0]}' (valid: ${Object.keys(DROP_INS).join(', ')})`);
  }
  const launcher = fs.realpathSync(process.argv[1] ?? '');
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new RuntimeError(`cannot create ${dir}: ${(e as Error).message}`);
  }
  for (const tool of tools) {
    const link = path.join(dir, tool);
    let current: string | null = null;
    try {
      current = fs.readlinkSync(link);
    } catch {
      current = null;
    }
    if (current === launcher) continue;
    if (fs.existsSync(link) || current !== null) {
      if (!o.force) throw new RuntimeError(`${link} exists (use --force to replace it)`);
      fs.rmSync(link, { force: true });
    }
    try {
      fs.symlinkSync(launcher, link);
    } catch (e) {
      throw new RuntimeError(`cannot create ${link}: ${(e as Error).message}`);
    }
    out(`${link} -> ${launcher}\n`);
  }
}
