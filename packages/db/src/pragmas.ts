import type { DatabaseConfig } from './database-config.js';

/** One pragma the configuration asks for, and how it reads back. */
export interface PragmaSetting {
  name: string;
  /** The value as SQLite reports it after the pragma is set. */
  expected: string;
  statement: string;
}

const SYNCHRONOUS_CODES = { off: 0, normal: 1, full: 2, extra: 3 };

/** The pragmas every connection gets, in the order they are set. */
export function pragmaSettings(config: DatabaseConfig): PragmaSetting[] {
  const memory = config.path === ':memory:';
  const journal = memory ? 'memory' : config.journalMode;
  const settings: Array<[string, string | number, string | number]> = [
    ['busy_timeout', config.busyTimeout, config.busyTimeout],
    ['foreign_keys', config.foreignKeys ? 'on' : 'off', +config.foreignKeys],
    ['journal_mode', journal, journal],
    ['synchronous', config.synchronous, SYNCHRONOUS_CODES[config.synchronous]],
    ['cache_size', config.cacheSize, config.cacheSize],
    ['mmap_size', config.mmapSize, config.mmapSize],
  ];
  return settings.map(([name, value, expected]) => ({
    name,
    expected: String(expected),
    statement: `pragma ${name} = ${value}`,
  }));
}

/** The minimal shape of a node-sqlite3 connection that pragmas need. */
export interface RawConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
  all(
    sql: string,
    params: unknown[],
    callback: (error: Error | null, rows: Record<string, unknown>[]) => void,
  ): void;
}

/** Sets every configured pragma on a freshly opened connection. */
export function applyPragmas(
  connection: RawConnection,
  config: DatabaseConfig,
): Promise<void> {
  const sql = pragmaSettings(config)
    .map((setting) => `${setting.statement};`)
    .join('\n');
  return new Promise((resolve, reject) => {
    connection.exec(sql, (error) => (error ? reject(error) : resolve()));
  });
}

/** Reads one pragma's current value as text. */
export function readPragma(
  connection: RawConnection,
  name: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    connection.all(`pragma ${name}`, [], (error, rows) => {
      if (error) return reject(error);
      const first = rows[0] ?? {};
      resolve(String(Object.values(first)[0]));
    });
  });
}
