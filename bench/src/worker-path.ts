import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StenoError } from '@steno/models';

/**
 * The built JavaScript of a worker (`pnpm --filter @steno/bench build`),
 * run by plain node so its memory is the library's own.
 */
export function workerPath(name: 'steno-op' | 'writer'): string {
  const path = resolve(import.meta.dirname, `../dist/workers/${name}.js`);
  if (!existsSync(path)) {
    throw new StenoError(
      'NOT_FOUND',
      `${path} is missing: build the bench workers first with ` +
        '`pnpm --filter @steno/bench build`',
      { details: { path } },
    );
  }
  return path;
}
