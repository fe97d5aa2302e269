import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_FILES_KEY, RetentionManager } from '../src/index.js';
import {
  DAY,
  entryRow,
  openSandbox,
  sessionRow,
  writeSized,
  type Sandbox,
} from './helpers.js';

/**
 * The child is bundled from src into a private folder under node_modules,
 * where @steno/db resolves, so no TypeScript loader or dist is needed.
 */
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(PACKAGE, 'node_modules/.cache', `crash-${process.pid}`);
const CHILD = join(BUNDLE, 'run-retention.js');
const EXPIRED = 60;
const RECENT = 5;

let box: Sandbox | null = null;

beforeAll(() => {
  const source = 'test/fixtures/run-retention.ts';
  const flags = ['--no-config', '--format', 'esm', '--target', 'node20'];
  execFileSync('npx', ['tsup', source, ...flags, '-d', BUNDLE], {
    cwd: PACKAGE,
    stdio: 'ignore',
  });
});

afterAll(async () => {
  await rm(BUNDLE, { recursive: true, force: true });
});

afterEach(async () => {
  await box?.cleanup();
  box = null;
});

/** Sessions 1..60 expired, 61..65 recent; each with two files. */
async function seed(sandbox: Sandbox): Promise<Map<number, string[]>> {
  const files = new Map<number, string[]>();
  const sessions = [];
  const infos = [];
  const entries = [];
  for (let id = 1; id <= EXPIRED + RECENT; id++) {
    const at = Date.now() - (id <= EXPIRED ? 90 : 1) * DAY;
    const audio = await writeSized(join(sandbox.root, `${id}.wav`), 1000);
    const vtt = await writeSized(join(sandbox.root, `${id}.vtt`), 100);
    files.set(id, [audio, vtt]);
    sessions.push(sessionRow(id, 'completed', at, { audioFilePath: audio }));
    infos.push({ session: id, filePath: vtt, fileType: 'vtt', fileSize: 100 });
    for (let i = 0; i < 200; i++) entries.push(entryRow(id, at, i));
  }
  await sandbox.sessions.bulkInsert('Session', sessions);
  await sandbox.sessions.bulkInsert('FileInfo', infos);
  await sandbox.sessions.bulkInsert('TranscriptEntry', entries);
  return files;
}

/** Starts the child and SIGKILLs it when it reports batch `killAt`. */
async function runAndKill(sandbox: Sandbox, killAt: number) {
  const child = spawn(
    process.execPath,
    [CHILD, sandbox.db.config.path, sandbox.root, '10'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let seen = 0;
  let buffer = '';
  child.stdout.on('data', (data: Buffer) => {
    buffer += data.toString();
    seen = buffer.split('batch committed').length - 1;
    if (seen >= killAt) child.kill('SIGKILL');
  });
  const [code, signal] = await once(child, 'exit');
  return { code, signal, seen, finished: buffer.includes('"done"') };
}

async function ids(sandbox: Sandbox): Promise<Set<number>> {
  const rows = await sandbox.db.executeQuery<{ id: number }>(
    'select id from sessions',
  );
  return new Set(rows.map((row) => row.id));
}

async function pending(sandbox: Sandbox): Promise<string[]> {
  const rows = await sandbox.db.executeQuery<{ value: string }>(
    'select value from configurations where key = ?',
    [PENDING_FILES_KEY],
  );
  return rows[0] ? (JSON.parse(rows[0].value) as string[]) : [];
}

describe('retention killed mid-run', () => {
  it.each([1, 3])(
    'loses nothing it must keep and finishes next run (kill at batch %i)',
    async (killAt) => {
      box = await openSandbox();
      const files = await seed(box);
      const killed = await runAndKill(box, killAt);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.finished).toBe(false);

      const [check] = await box.db.executeQuery('pragma quick_check');
      expect(Object.values(check ?? {})[0]).toBe('ok');
      const left = await ids(box);
      const listed = new Set(await pending(box));
      for (const [id, paths] of files) {
        for (const path of paths) {
          if (left.has(id)) expect(existsSync(path)).toBe(true);
          else expect(!existsSync(path) || listed.has(path)).toBe(true);
        }
      }
      console.log(
        `killed after ${killed.seen} batch(es): ` +
          `${EXPIRED + RECENT - left.size} sessions gone, ` +
          `${listed.size} files pending`,
      );
      expect(left.size).toBeLessThan(EXPIRED + RECENT);
      expect(left.size).toBeGreaterThan(RECENT);

      const again = new RetentionManager(box.db, {
        config: { backupBeforeCleanup: false, session_retention_days: 30 },
        storageRoots: [box.root],
      });
      await again.applyRetentionRules();
      expect([...(await ids(box))].sort((a, b) => a - b)).toEqual([
        61, 62, 63, 64, 65,
      ]);
      for (const [id, paths] of files) {
        for (const path of paths) expect(existsSync(path)).toBe(id > EXPIRED);
      }
      expect(await pending(box)).toEqual([]);
      const [orphans] = await box.db.executeQuery<{ n: number }>(
        'select count(*) as n from transcript_entries where session_id <= ?',
        [EXPIRED],
      );
      expect(orphans?.n).toBe(0);
    },
  );
});
