import type { BenchCase } from '../context.js';
import { backupCase } from './backup.js';
import { ingestCase } from './ingest.js';
import { readCase } from './read.js';
import { startupCase } from './startup.js';

/** Every case, in the order they run and print. */
export const CASES: BenchCase[] = [
  ingestCase,
  readCase,
  backupCase,
  startupCase,
];
