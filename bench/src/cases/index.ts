import type { BenchCase } from '../context.js';
import { backupCase } from './backup.js';
import { importCase } from './import.js';
import { ingestCase } from './ingest.js';
import { readCase } from './read.js';
import { retentionCase } from './retention.js';
import { startupCase } from './startup.js';
import { verifyRestoreCase } from './verify-restore.js';

/**
 * Every case, in the order they run and print: the ones whose cost does
 * not grow with the database first, so a run cut short has them.
 */
export const CASES: BenchCase[] = [
  ingestCase,
  importCase,
  readCase,
  startupCase,
  backupCase,
  verifyRestoreCase,
  retentionCase,
];
