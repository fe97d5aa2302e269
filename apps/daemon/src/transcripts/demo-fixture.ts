import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StenoError } from '@steno/models';

/** The bundled real meeting `steno demo` imports (MIT, 4 speakers). */
export const DEMO_FIXTURE = 'seattle-school-board-excerpt.whisperx.json';

/**
 * Finds `fixtures/transcripts/<name>` in the nearest folder above this
 * module that has it, so the built CLI finds it from any working
 * directory.
 */
export function findFixture(
  name: string = DEMO_FIXTURE,
  from: string = dirname(fileURLToPath(import.meta.url)),
): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'fixtures', 'transcripts', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new StenoError(
    'NOT_FOUND',
    `fixture ${name} not found above ${from}; run steno demo from a ` +
      'checkout of the repository, which bundles fixtures/transcripts',
    { details: { fixture: name } },
  );
}
