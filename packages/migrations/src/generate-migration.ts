import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
    const statements = made.diff.up.filter((sql) => sql !== '');
    if (!made.fileName) return NOTHING;
    const path = resolve(directory, made.fileName);
    const kept = await dropKnownChecks(db, path, statements);
    if (kept.length === 0) return NOTHING;
    const name = made.fileName.replace(/\.ts$/, '');
    return { created: true, name, path, statements: kept };
  } finally {
    config.set('migrations', previous);
  }
}

const NOTHING: GeneratedMigration = {
  created: false,
  name: null,
  path: null,
  statements: [],
};

/**
 * MikroORM 6.6 does not read CHECK constraints back from SQLite, so every
 * diff re-adds the existing ones (as ALTER TABLE statements SQLite cannot
 * even run). Drops those lines from the file; deletes a file left empty.
 */
async function dropKnownChecks(
  db: Database,
  path: string,
  statements: string[],
): Promise<string[]> {
  const tables = await db.executeQuery<{ sql: string }>(
    "select sql from sqlite_master where type = 'table' and sql is not null",
  );
  const ddl = tables.map((t) => t.sql.toLowerCase()).join('\n');
  const known = (line: string): boolean => {
    const match = /constraint [`"]?(\w+)[`"]? check/i.exec(line);
    const name = match?.[1]?.toLowerCase();
    return name !== undefined && ddl.includes(`constraint ${name} check`);
  };
  const kept = statements.filter((sql) => !known(sql));
  if (kept.length === 0) {
    await rm(path, { force: true });
    return kept;
  }
  const source = await readFile(path, 'utf8');
  const lines = source.split('\n').filter((line) => !known(line));
  await writeFile(path, lines.join('\n'));
  return kept;
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
