import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the dashboard keeps its configuration: `$XDG_CONFIG_HOME/sysmon/config.json`, or
 * `~/.config/sysmon/config.json` when XDG_CONFIG_HOME is unset or not absolute (XDG Base Directory spec).
 */
export function configPath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'sysmon', 'config.json');
}

/** The parsed file; null when there is none; a one-line problem when it cannot be read or is not JSON. */
export function readConfigFile(file: string): { json: unknown } | { problem: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { problem: `cannot read ${file}: ${code ?? (err as Error).message}` };
  }
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    return { problem: `${file} is not valid JSON (${(err as Error).message})` };
  }
}

/** Write the configuration atomically (temporary file, then rename); returns the path. Throws a short Error. */
export function writeConfigFile(file: string, value: unknown): string {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
    fs.renameSync(tmp, file);
    return file;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot write ${file}: ${code ?? (err as Error).message}`);
  }
}
