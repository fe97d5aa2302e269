import pino from 'pino';
import type { Logger } from '@steno/db';

export interface LoggerOptions {
  level: 'silent' | 'debug' | 'info' | 'warn' | 'error';
  /** A file descriptor: 1 for stdout, 2 for stderr. */
  destination: number;
  component?: string;
}

/** One structured JSON line per event, lowercase messages. */
export function createLogger(options: LoggerOptions): Logger & pino.Logger {
  const base = pino(
    { level: options.level, base: { pid: process.pid } },
    pino.destination({ fd: options.destination, sync: true }),
  );
  return options.component
    ? base.child({ component: options.component })
    : base;
}
