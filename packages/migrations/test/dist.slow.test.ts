import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '@steno/db';
import { MigrationManager } from '../src/index.js';
import { makeTempDir } from './helpers.js';

const PACKAGE = join(import.meta.dirname, '..');
const DB_PACKAGE = join(PACKAGE, 'node_modules/@steno/db');

/** Applies the shipped migrations with nothing but node and the build. */
const SCRIPT = `
import { Database } from '@steno/db';
import { MigrationManager } from '@steno/migrations';

const db = new Database({ path: process.argv[2] });
await db.connect();
const result = await new MigrationManager(db).applyMigrations();
const report = await new MigrationManager(db).validateMigration();
await db.disconnect();
process.stdout.write(JSON.stringify({ result, report }));
process.exitCode = result.success && report.valid ? 0 : 1;
`;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let project: string;

/**
 * A project with no TypeScript: a plain .mjs script, a copy of this
 * package holding only package.json and dist, and links to its runtime
 * dependencies.
 */
beforeAll(async () => {
  temp = await makeTempDir();
  project = join(temp.dir, 'project');
  const copy = join(project, 'node_modules/@steno/migrations');
  await mkdir(copy, { recursive: true });
  buildInto(join(copy, 'dist'));
  await cp(join(PACKAGE, 'package.json'), join(copy, 'package.json'));
  await symlink(join(PACKAGE, 'node_modules'), join(copy, 'node_modules'));
  await symlink(DB_PACKAGE, join(project, 'node_modules/@steno/db'));
  await writeFile(join(project, 'migrate.mjs'), SCRIPT);
}, 120_000);

/**
 * Builds with the package's own tsup config into `outDir` (declarations
 * aside), leaving the shared `dist` alone for whoever is type-checking.
 */
function buildInto(outDir: string): void {
  execFileSync('npx', ['tsup', '--out-dir', outDir, '--no-dts'], {
    cwd: PACKAGE,
    stdio: 'ignore',
  });
}

afterAll(async () => {
  await temp.remove();
});

function runScript(dbPath: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['migrate.mjs', dbPath],
      { cwd: project },
      (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, out: stdout || stderr }),
    );
  });
}

describe('the built package', () => {
  it('applies its migrations from dist in a plain node project', async () => {
    const dbPath = join(temp.dir, 'from-dist.db');
    const { code, out } = await runScript(dbPath);
    expect(code, out).toBe(0);
    const { result } = JSON.parse(out);
    expect(result.appliedMigrations).toHaveLength(1);

    const db = new Database({ path: dbPath });
    await db.connect();
    const counts = await db.countRows();
    await db.disconnect();
    expect(Object.keys(counts)).toHaveLength(8);
  });

  it('never re-runs what a development run applied', async () => {
    const dbPath = join(temp.dir, 'from-src.db');
    const db = new Database({ path: dbPath });
    await db.connect();
    await new MigrationManager(db).applyMigrations();
    await db.disconnect();

    const { code, out } = await runScript(dbPath);
    expect(code, out).toBe(0);
    const { result, report } = JSON.parse(out);
    expect(result.appliedMigrations).toEqual([]);
    expect(report.problems).toEqual([]);
  });
});
