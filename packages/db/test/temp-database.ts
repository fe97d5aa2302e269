import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfigInput } from '../src/database-config.js';
import { Database } from '../src/database.js';
import { SessionManager } from '../src/session-manager.js';

/** A connected database in its own temporary folder. */
export interface TempDatabase {
  db: Database;
  sessions: SessionManager;
  dir: string;
  path: string;
  /** Disconnects and removes the folder. */
  cleanup(): Promise<void>;
}

/** Opens a fresh database file with the Steno schema in a temp folder. */
export async function openTempDatabase(
  config: DatabaseConfigInput = {},
): Promise<TempDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'steno-db-test-'));
  const path = join(dir, 'steno.db');
  const db = new Database({ ...config, path });
  await db.connect();
  await db.createTables();
  return {
    db,
    sessions: new SessionManager(db),
    dir,
    path,
    cleanup: async () => {
      await db.disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
