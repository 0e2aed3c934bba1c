import { UsageError } from '../../core/errors.js';
import { fsFields } from '../../fields/fs-fields.js';
import { KIB_BLOCKS, parseSizeSpec, type SizeStyle } from '../../core/size-units.js';
import { DF_OUTPUT_ALL, parseOutputList, type DfOptions } from './run-df.js';

/** Raw commander values of df (see commands/df.ts). */
export interface RawDf {
  inodes?: boolean;
  all?: boolean;
  local?: boolean;
  type?: string[];
  excludeType?: string[];
  total?: boolean;
  output?: string | boolean;
  json?: boolean;
  sort?: string;
  printType?: boolean;
  portability?: boolean;
  statfsTimeout?: string;
}

/** Parse a time limit in milliseconds (a positive integer). */
export function parseTimeoutMs(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`invalid ${what} '${v}': expected a positive number of milliseconds`);
  }
  return n;
}

/**
 * Validate df's options. `--output` takes its list only as `--output=LIST` (as in coreutils): given as
 * `--output WORD`, commander reads WORD as the list, so when argv holds a bare `--output` the word is put
 * back among the PATHs.
 */
export function parseDfOptions(
  paths: string[],
  raw: RawDf,
  sizeSpecs: string[],
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): DfOptions {
  // coreutils: without a size option, POSIXLY_CORRECT makes the blocks 512 bytes (with or without -P).
  let sizes: SizeStyle = env.POSIXLY_CORRECT !== undefined ? { kind: 'blocks', blockSize: 512 } : KIB_BLOCKS;
  for (const spec of sizeSpecs) {
    try {
      sizes = parseSizeSpec(spec);
    } catch (e) {
      throw new UsageError(`df: ${(e as Error).message}`);
    }
  }
  let output: DfOptions['output'] = null;
  const allPaths = [...paths];
  if (raw.output !== undefined) {
    let list = typeof raw.output === 'string' ? raw.output : null;
    if (list !== null && argv.includes('--output') && !argv.includes(`--output=${list}`)) {
      allPaths.unshift(list);
      list = null;
    }
    if (raw.inodes) throw new UsageError('df: options -i and --output are mutually exclusive');
    if (raw.portability) throw new UsageError('df: options -P and --output are mutually exclusive');
    if (raw.printType) throw new UsageError('df: options -T and --output are mutually exclusive');
    output = parseOutputList(list ?? DF_OUTPUT_ALL.join(','));
  }
  const types = raw.type ?? [];
  const excludeTypes = raw.excludeType ?? [];
  for (const t of types) {
    if (excludeTypes.includes(t)) throw new UsageError(`df: file system type '${t}' both selected and excluded`);
  }
  if (raw.sort !== undefined) fsFields.parseSort(raw.sort);
  return {
    all: raw.all ?? false,
    local: raw.local ?? false,
    types,
    excludeTypes,
    total: raw.total ?? false,
    sizes,
    printType: raw.printType ?? false,
    inodes: raw.inodes ?? false,
    posix: raw.portability ?? false,
    output,
    sort: raw.sort ?? null,
    json: raw.json ?? false,
    timeoutMs: parseTimeoutMs(raw.statfsTimeout, '--statfs-timeout'),
    paths: allPaths,
  };
}
