import { createRequire } from 'node:module';
import { RuntimeError } from '../../core/errors.js';

/** The part of better-sqlite3's statement API the history uses. */
export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(on?: boolean): Statement;
  pluck(on?: boolean): Statement;
}

/** The part of better-sqlite3's Database API the history uses. */
export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  pragma(sql: string, opts?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) & { immediate: (...args: A) => R };
  close(): void;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

interface DatabaseCtor {
  new (path: string, opts?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }): Database;
}

/** The one line every history command prints when the optional native module is not there. */
export const MISSING_DRIVER =
  'the history needs the optional module better-sqlite3 12.11.1, which is not installed or did not build ' +
  '(it compiles on `npm install` with python3, make and g++; install them and run `npm install` again)';

let ctor: DatabaseCtor | null = null;

/**
 * Load better-sqlite3 on first use. It is an optionalDependency: where it could not build, `npm install` still
 * succeeds and only record, replay, history and `--at` fail, with {@link MISSING_DRIVER}. Loaded lazily so
 * one-shots without `--at` never pay for it (test/perf-guard.test.ts checks).
 */
export function loadDriver(): DatabaseCtor {
  if (ctor) return ctor;
  if (process.env.SYSMON_NO_SQLITE === '1') throw new RuntimeError(MISSING_DRIVER); // tests of the message
  try {
    const require = createRequire(import.meta.url);
    ctor = require('better-sqlite3') as DatabaseCtor;
  } catch {
    throw new RuntimeError(MISSING_DRIVER);
  }
  return ctor;
}

/** Open (and create) a database file; errors become one line naming the path. */
export function openDatabase(path: string, opts: { readonly?: boolean; timeoutMs?: number } = {}): Database {
  const Ctor = loadDriver();
  try {
    return new Ctor(path, {
      ...(opts.readonly ? { readonly: true, fileMustExist: true } : {}),
      timeout: opts.timeoutMs ?? 5000,
    });
  } catch (err) {
    const msg = (err as Error).message;
    if (opts.readonly && /unable to open|does not exist/i.test(msg)) {
      throw new RuntimeError(`no history at ${path} (start one with \`sysmon record\`, or pick another with --db)`);
    }
    throw new RuntimeError(`cannot open history ${path}: ${msg}`);
  }
}
