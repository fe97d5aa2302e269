import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { MigrationManager } from '../src/index.js';
import {
  checksumAll,
  countRows,
  foreignKeyProblems,
  makeTempDir,
  openDb,
  populate,
} from './helpers.js';

const PACKAGE = join(import.meta.dirname, '..');
const CHILD = join(import.meta.dirname, 'fixtures/crash-child.mjs');
/** A private build, where the package's dependencies resolve. */
const BUNDLE = join(PACKAGE, 'node_modules/.cache', `crash-${process.pid}`);

interface ChildRun {
  signal: NodeJS.Signals | null;
  out: string;
}

/** Runs the child; with `killOn`, SIGKILLs it when it prints that line. */
function runChild(dbPath: string, speed: string, killOn?: string) {
  return new Promise<ChildRun>((resolve) => {
    const entry = join(BUNDLE, 'index.js');
    const child = spawn(process.execPath, [CHILD, dbPath, speed, entry], {
      cwd: PACKAGE,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killOn && out.includes(killOn)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (_code, signal) => resolve({ signal, out }));
  });
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let dbPath: string;

beforeAll(() => {
  const flags = ['--out-dir', BUNDLE, '--no-dts'];
  execFileSync('npx', ['tsup', ...flags], { cwd: PACKAGE, stdio: 'ignore' });
}, 120_000);

afterAll(async () => {
  await rm(BUNDLE, { recursive: true, force: true });
});

beforeEach(async () => {
  temp = await makeTempDir();
  dbPath = join(temp.dir, 'steno.db');
  const db = await openDb(dbPath);
  await new MigrationManager(db).applyMigrations();
  await populate(db);
  await db.disconnect();
});

afterEach(async () => {
  await temp.remove();
});

async function inspect() {
  const db = await openDb(dbPath);
  try {
    const [integrity] = await db.executeQuery('pragma integrity_check');
    return {
      checksum: await checksumAll(db),
      counts: await countRows(db),
      foreignKeys: await foreignKeyProblems(db),
      integrity,
    };
  } finally {
    await db.disconnect();
  }
}

describe('a migration process killed mid-rebuild', () => {
  it('leaves the database exactly as before, then migrates', async () => {
    const before = await inspect();

    const killed = await runChild(dbPath, 'slow', 'dropped');
    expect(killed.signal, killed.out).toBe('SIGKILL');
    expect(killed.out).not.toContain('done');
    const after = await inspect();
    expect(after).toEqual(before);
    expect(after.integrity).toEqual({ integrity_check: 'ok' });

    const finished = await runChild(dbPath, 'fast');
    expect(finished.out).toContain('done');
    const migrated = await inspect();
    expect(migrated.counts).toEqual(before.counts);
    expect(migrated.foreignKeys).toEqual([]);
  });
});
