import { createRequire } from 'node:module';
import path from 'node:path';
import { toLegacyTerminfo } from './terminfo.js';

const require = createRequire(import.meta.url);
let terminfoPatched = false;

/**
 * blessed 0.1.81 cannot read the extended-number terminfo format of ncurses 6.1+ (see terminfo.ts). Hand its
 * Tput the entry rewritten into the legacy format. Patched on the prototype once: every Tput of this process
 * (there is one) reads terminfo the same way.
 */
export function installTerminfoFix(readFile: (file: string) => Buffer): void {
  if (terminfoPatched) return;
  terminfoPatched = true;
  const Tput = require('blessed/lib/tput') as {
    prototype: {
      terminal: string;
      debug?: boolean;
      _terminfo?: unknown;
      _prefix(term: string): string;
      parseTerminfo(data: Buffer, file: string): unknown;
      readTerminfo(term?: string): unknown;
    };
  };
  Tput.prototype.readTerminfo = function readTerminfo(term?: string): unknown {
    const file = path.normalize(this._prefix(term || this.terminal));
    const data = Buffer.from(toLegacyTerminfo(readFile(file)));
    const info = this.parseTerminfo(data, file);
    if (this.debug) this._terminfo = info;
    return info;
  };
}
