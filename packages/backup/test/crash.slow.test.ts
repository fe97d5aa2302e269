import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackupManager } from '../src/index.js';
import {
  insertSessions,
  integrityOf,
  makeTempDir,
  openDb,
  readTitles,
  titlesInFile,
} from './helpers.js';

const packageDir = join(import.meta.dirname, '..');
const child = join(import.meta.dirname, 'fixtures', 'backup-child.mjs');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

beforeAll(() => {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('build @steno/backup first: the child runs dist/');
  }
});

/**
 * Runs the child and SIGKILLs it once it prints `paused`, or once
 * `killWhen` (polled every 2 ms) says so; resolves with its pid.
 */
function runAndKill(
  env: Record<string, string>,
  killWhen?: () => boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child], {
      cwd: packageDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kill = (): boolean => proc.kill('SIGKILL');
    const poll = killWhen && setInterval(() => killWhen() && kill(), 2);
    let out = '';
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killWhen && out.includes('paused')) kill();
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') resolve(proc.pid ?? 0);
      else reject(new Error(`child ended ${code} before the kill: ${err}`));
    });
  });
}

/** A live db with padding (so streams take several chunks) and rows. */
async function setUp(paddingRows = 3000) {
  const temp = await makeTempDir();
  cleanups.push(temp.cleanup);
  const path = join(temp.dir, 'live.db');
  const backups = join(temp.dir, 'backups');
  const db = await openDb(path);
  await db.executeQuery('create table padding (b blob)');
  await db.executeQuery(
    'with recursive n(x) as (select 1 union all select x + 1 from n ' +
      `where x < ${paddingRows}) ` +
      'insert into padding select randomblob(1000) from n',
  );
  await insertSessions(db, 5, 'snap');
  const manager = new BackupManager({ db, config: { directory: backups } });
  const snapshot = await manager.createBackup('before the crash');
  await insertSessions(db, 3, 'old');
  await db.disconnect();
  return { path, backups, snapshot };
}

async function expectOnlyGoodBackupsListed(
  path: string,
  backups: string,
): Promise<string[]> {
  const db = await openDb(path);
  try {
    const manager = new BackupManager({ db, config: { directory: backups } });
    for (const info of await manager.listBackups()) {
      const verdict = await manager.verifyBackup(info.backupId);
      expect(verdict.problems).toEqual([]);
    }
    return (await manager.listBackups()).map((b) => b.description ?? '');
  } finally {
    await db.disconnect();
  }
}

/** Leftovers of the killed restore must not stop the next one. */
async function expectRestoreStillWorks(
  path: string,
  backups: string,
  backupId: string,
): Promise<void> {
  const db = await openDb(path);
  try {
    const manager = new BackupManager({ db, config: { directory: backups } });
    await manager.restoreBackup(backupId);
    expect(await readTitles(db)).toEqual(snapTitles);
  } finally {
    await db.disconnect();
  }
  const left = await readdir(dirname(path));
  expect(left.filter((name) => /restore|pre-restore/.test(name))).toEqual([]);
}

const ID = String.raw`\d{8}T\d{6}Z-[0-9a-f]{6}`;

/** The partial files each kill point leaves, as name patterns. */
function leftoversAt(phase: string, done: string, pid: number): RegExp[] {
  const snapshot = new RegExp(`^\\.${ID}\\.snapshot\\.${pid}\\.tmp$`);
  const archive = new RegExp(`^${ID}\\.sqlite[.a-z]*\\.${pid}\\.tmp$`);
  const verify = new RegExp(`^\\.${ID}\\.verify\\.${pid}\\.tmp$`);
  if (phase === 'snapshot') return [snapshot];
  if (phase === 'compress' || done === '0') return [snapshot, archive];
  if (phase === 'commit') return [snapshot];
  return [verify];
}

/**
 * The dead child's partial files are reported (bytes, pid, 0600), then
 * the next create or prune of another process removes every one.
 */
async function expectLeftoversSwept(
  path: string,
  backups: string,
  sweepBy: 'create' | 'prune',
): Promise<string[]> {
  const db = await openDb(path);
  try {
    const manager = new BackupManager({ db, config: { directory: backups } });
    const onDisk = (await readdir(backups)).filter(isTemp).sort();
    const { partials } = await manager.getBackupStats();
    expect(partials.map((p) => p.file).sort()).toEqual(onDisk);
    for (const partial of partials) {
      const info = await stat(join(backups, partial.file));
      expect(partial.bytes).toBe(info.size);
      expect(partial.abandoned).toBe(true);
      expect((info.mode & 0o777).toString(8)).toBe('600');
    }

    if (sweepBy === 'create') await manager.createBackup('after the crash');
    else {
      const result = await manager.cleanupOldBackups();
      expect([...result.removedPartials].sort()).toEqual(onDisk);
    }
    expect((await readdir(backups)).filter(isTemp)).toEqual([]);
    expect((await manager.getBackupStats()).partials).toEqual([]);
    return onDisk;
  } finally {
    await db.disconnect();
  }
}

function isTemp(name: string): boolean {
  return /\.tmp(-journal)?$/.test(name);
}

const snapTitles = ['snap-0', 'snap-1', 'snap-2', 'snap-3', 'snap-4'];
const oldTitles = [...snapTitles, 'old-0', 'old-1', 'old-2'];

describe('a process killed during createBackup', () => {
  const points = [
    ['snapshot', '0'],
    ['snapshot', 'end'],
    ['compress', 'any'],
    ['commit', '0'],
    ['commit', '1'],
    ['commit', '2'],
    ['verify', 'any'],
  ];
  for (const [i, [phase, done]] of points.entries()) {
    it(`at ${phase}:${done} leaves no partial backup listed`, async () => {
      const { path, backups } = await setUp();
      const pid = await runAndKill({
        CHILD_OP: 'create',
        CHILD_DB: path,
        CHILD_DIR: backups,
        PAUSE_PHASE: phase!,
        PAUSE_DONE: done!,
      });

      expect(await integrityOf(path)).toBe('ok');
      expect(await titlesInFile(path)).toEqual(oldTitles);
      const listed = await expectOnlyGoodBackupsListed(path, backups);
      const complete =
        phase === 'verify' || (phase === 'commit' && done === '2');
      const expected = ['before the crash'];
      expect(listed).toEqual(complete ? ['child', ...expected] : expected);

      const left = await expectLeftoversSwept(
        path,
        backups,
        i % 2 === 0 ? 'create' : 'prune',
      );
      const wanted = leftoversAt(phase!, done!, pid);
      expect(left).toHaveLength(wanted.length);
      for (const name of wanted)
        expect(left).toContainEqual(expect.stringMatching(name));
    });
  }

  it('mid-VACUUM INTO of a 27 MB db leaves 0600 files, then swept', async () => {
    const { path, backups } = await setUp(27_000);
    const journal = /\.snapshot\.\d+\.tmp-journal$/;
    const inVacuum = (): boolean =>
      readdirSync(backups).some((name) => journal.test(name));
    await runAndKill(
      { CHILD_OP: 'create', CHILD_DB: path, CHILD_DIR: backups },
      inVacuum,
    );

    expect(await integrityOf(path)).toBe('ok');
    const left = await expectLeftoversSwept(path, backups, 'prune');
    expect(left).toContainEqual(expect.stringMatching(journal));
  });
});

describe('a process killed during restoreBackup', () => {
  const points = [
    ['verify', 'any'],
    ['swap', '0'],
    ['swap', '1'],
    ['swap', '2'],
    ['swap', '3'],
    ['swap', '4'],
  ];
  for (const [phase, done] of points) {
    it(`at ${phase}:${done} leaves the old or the new database`, async () => {
      const { path, backups, snapshot } = await setUp();
      await runAndKill({
        CHILD_OP: 'restore',
        CHILD_DB: path,
        CHILD_DIR: backups,
        CHILD_ID: snapshot.backupId,
        CHILD_INSERT: '2',
        PAUSE_PHASE: phase!,
        PAUSE_DONE: done!,
      });

      expect(await integrityOf(path)).toBe('ok');
      const titles = await titlesInFile(path);
      const before = [...oldTitles, 'child-0', 'child-1'];
      expect([before, snapTitles]).toContainEqual(titles);
      if (phase === 'swap' && Number(done) >= 3) {
        expect(titles).toEqual(snapTitles);
      } else {
        expect(titles).toEqual(before);
      }
      await expectOnlyGoodBackupsListed(path, backups);
      await expectRestoreStillWorks(path, backups, snapshot.backupId);
    });
  }
});
