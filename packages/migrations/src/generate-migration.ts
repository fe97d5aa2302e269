import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import type { Database } from '@steno/db';
import { StenoError } from '@steno/models';

/** Options of {@link generateMigration}. */
export interface GenerateMigrationOptions {
  /** Folder the new `.ts` file is written to. */
  directory: string;
}

/** The file written, or `created: false` when nothing differs. */
export interface GeneratedMigration {
  created: boolean;
  name: string | null;
  path: string | null;
  statements: string[];
}

/**
 * Diffs the entities against the database with MikroORM's migrator and
 * writes the difference as a TypeScript migration class. Add the class
 * to the migrations list yourself: nothing is discovered from disk.
 */
export async function generateMigration(
  db: Database,
  message: string,
  options: GenerateMigrationOptions,
): Promise<GeneratedMigration> {
  const label = checkLabel(message);
  const directory = resolve(options.directory);
  await mkdir(directory, { recursive: true });

  const config = db.orm.config;
  const previous = config.get('migrations');
  config.set('migrations', {
    ...previous,
    path: directory,
    emit: 'ts',
    snapshot: false,
    silent: true,
  });
  try {
    const migrator = new Migrator(db.orm.em);
    const made = await migrator.createMigration(directory, false, false, label);
    if (!made.fileName) {
      return { created: false, name: null, path: null, statements: [] };
    }
    return {
      created: true,
      name: made.fileName.replace(/\.ts$/, ''),
      path: resolve(directory, made.fileName),
      statements: made.diff.up.filter((sql) => sql !== ''),
    };
  } finally {
    config.set('migrations', previous);
  }
}

function checkLabel(message: string): string {
  const label = message.trim().replace(/[\s-]+/g, '_');
  if (!/^[a-z0-9_]{1,60}$/i.test(label)) {
    throw new StenoError(
      'INVALID_VALUE',
      `name: "${message}" must be 1–60 letters, digits, spaces, - or _ ` +
        '(it becomes part of the file and class name)',
      { details: { field: 'name' } },
    );
  }
  return label;
}
