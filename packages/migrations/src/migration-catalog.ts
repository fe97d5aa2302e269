import { createHash } from 'node:crypto';
import type { Configuration } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';
import type { Database } from '@steno/db';
import { StenoError } from '@steno/models';
import type { MigrationEntry } from './migration-types.js';

/** A migration turned into the SQL it runs, with its checksum. */
export interface CompiledMigration {
  name: string;
  up: string[];
  /** Null when the migration has no down step. */
  down: string[] | null;
  /** SHA-256 of the up and down SQL: equal for `.ts` and bundled runs. */
  checksum: string;
}

/** What a migration class needs to be constructed. */
export interface MigrationContext {
  driver: AbstractSqlDriver;
  config: Configuration;
}

/** Collects the SQL of one migration without running any of it. */
export async function compileMigration(
  entry: MigrationEntry,
  context: MigrationContext,
): Promise<CompiledMigration> {
  const instance = new entry.class(context.driver, context.config);
  const up = await collectSql(entry.name, instance, 'up');
  const hasDown = instance.down !== Migration.prototype.down;
  const down = hasDown ? await collectSql(entry.name, instance, 'down') : null;
  return { name: entry.name, up, down, checksum: checksumOf(up, down) };
}

/** Compiles every entry, oldest first, against an open database. */
export async function compileAll(
  entries: readonly MigrationEntry[],
  db: Database,
): Promise<CompiledMigration[]> {
  const context = { driver: db.orm.em.getDriver(), config: db.orm.config };
  const compiled: CompiledMigration[] = [];
  for (const entry of entries) {
    compiled.push(await compileMigration(entry, context));
  }
  return compiled;
}

/** The checksum recorded for a migration with this SQL. */
export function checksumOf(up: string[], down: string[] | null): string {
  return createHash('sha256')
    .update(JSON.stringify({ up, down }))
    .digest('hex');
}

/** The human part of a name: `Migration2026…_add_language` → `add language`. */
export function describeMigration(name: string): string {
  const match = /^Migration\d{14}_(.+)$/.exec(name);
  return (match?.[1] ?? name).replace(/_/g, ' ');
}

/** Rejects a list with repeated or blank names before anything runs. */
export function checkEntries(entries: readonly MigrationEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.name.trim() === '' || seen.has(entry.name)) {
      throw new StenoError(
        'INVALID_VALUE',
        `migrations: name "${entry.name}" is blank or listed twice; ` +
          'give every migration its own stable name',
        { details: { migration: entry.name } },
      );
    }
    seen.add(entry.name);
  }
}

// Known shortcoming: SQL a migration runs itself with this.execute()
// bypasses the migration transaction and checks; only addSql() is safe.
async function collectSql(
  name: string,
  instance: Migration,
  method: 'up' | 'down',
): Promise<string[]> {
  instance.reset();
  try {
    await instance[method]();
  } catch (error) {
    throw new StenoError(
      'MIGRATION_FAILED',
      `build ${method} step of migration ${name}: ${messageOf(error)}`,
      { cause: error, details: { migration: name } },
    );
  }
  return instance.getQueries().map((query) => sqlText(query));
}

function sqlText(query: unknown): string {
  if (typeof query === 'string') return query;
  const builder = query as { toQuery?: () => string };
  return builder.toQuery ? builder.toQuery() : String(query);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
