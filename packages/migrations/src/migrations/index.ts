import type { MigrationEntry } from '../migration-types.js';
import { InitialSchemaMigration } from './initial-schema.js';

/**
 * The migrations this package ships, oldest first. Names are written out
 * (never `Class.name`) so a bundler that renames classes, or a run from
 * `.ts` sources instead of `dist`, still records the same name.
 */
export const SHIPPED_MIGRATIONS: readonly MigrationEntry[] = [
  { name: 'Migration20261203000000_initial', class: InitialSchemaMigration },
];
