import { ToolError } from '../../core/errors.js';
import { createUserFile, readUserTextOrNull } from '../../source/user-files.js';
import { diagPrefix } from '../drop-in.js';
import { DEFAULT_RC, parseRc, type PmapRc } from './pmap-rc.js';

/** ~/.pmaprc, or pmap's message when HOME is not set. */
function defaultRcPath(): string {
  const home = process.env.HOME;
  if (home === undefined) throw new ToolError('HOME variable undefined', 1);
  return `${home}/.pmaprc`;
}

/** pmap -n (to ~/.pmaprc) or -N FILE: write the default rc where no file is; pmap's messages on stderr. */
export function createRc(file: string | undefined): void {
  const named = file === undefined ? '~/.pmaprc' : 'the rc file';
  const made = createUserFile(file ?? defaultRcPath(), DEFAULT_RC);
  if (made === 'exists') process.stderr.write(`${diagPrefix('pmap')}the file already exists - delete or rename it first\n`);
  if (made !== 'ok') throw new ToolError(`couldn't create ${named}`, 1);
  process.stderr.write(`${diagPrefix('pmap')}${file === undefined ? '~/.pmaprc file' : 'rc file'} successfully created, feel free to edit the content\n`);
}

/** pmap -c (~/.pmaprc) or -C FILE: the parsed rc; its complaints go to stderr and pmap goes on. */
export function loadRc(file: string | undefined): PmapRc {
  const text = readUserTextOrNull(file ?? defaultRcPath());
  if (text === null) throw new ToolError(`couldn't read ${file === undefined ? '~/.pmaprc' : 'the rc file'}`, 1);
  const rc = parseRc(text);
  for (const w of rc.warnings) process.stderr.write(`${diagPrefix('pmap')}${w}\n`);
  return rc;
}
