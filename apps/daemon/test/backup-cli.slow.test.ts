import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  runCli,
  withDatabase,
  useBundledCli,
  type CliRun,
} from './helpers/index.js';

const cli = useBundledCli('backup-cli');
let folder: string;
let dbPath: string;

function steno(
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return runCli(['--db', dbPath, ...args], folder, { cli: cli(), env });
}

function titles(): Promise<string[]> {
  return withDatabase(dbPath, async (db) => {
    const rows = await db.executeQuery<{ title: string }>(
      'select title from sessions order by id',
    );
    return rows.map((row) => row.title);
  });
}

async function addSession(title: string): Promise<void> {
  await withDatabase(dbPath, (db) =>
    db.executeQuery(
      'insert into sessions (title, start_time, created_at, updated_at) ' +
        'values (?, 0, 0, 0)',
      [title],
    ),
  );
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-backup-cli-'));
  dbPath = join(folder, 'steno.db');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** `steno --json backup create`, returning the new id. */
async function create(args: string[] = []): Promise<string> {
  const run = await steno(['--json', 'backup', ...args, 'create']);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { backupId: string }).backupId;
}

describe('steno backup', () => {
  it('creates, lists and verifies in ./backups by default', async () => {
    await steno(['backup', 'list']);
    await addSession('kept');
    const id = await create();

    const list = await steno(['--json', 'backup', 'list']);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as {
      backups: Array<{ backupId: string; status: string }>;
    };
    expect(listed.backups).toMatchObject([
      { backupId: id, status: 'verified' },
    ]);
    expect(existsSync(join(folder, 'backups', `${id}.manifest.json`))).toBe(
      true,
    );

    const verify = await steno(['backup', 'verify', id]);
    expect(verify).toMatchObject({ code: 0, stdout: `${id}: verified\n` });
  });

  it('lets --backup-dir win over STENO_BACKUP_DIR', async () => {
    const env = { STENO_BACKUP_DIR: join(folder, 'from-env') };
    await steno(['backup', 'create'], env);
    expect(await readdir(join(folder, 'from-env'))).toHaveLength(2);

    const flag = join(folder, 'from-flag');
    const run = await steno(['backup', '--backup-dir', flag, 'create'], env);
    expect(run.code).toBe(0);
    expect(await readdir(flag)).toHaveLength(2);
    expect(await readdir(join(folder, 'from-env'))).toHaveLength(2);
  });

  it('refuses restore and delete without a terminal or --yes', async () => {
    await steno(['backup', 'list']);
    await addSession('old');
    const id = await create();
    await addSession('new');

    for (const verb of ['restore', 'delete']) {
      const run = await steno(['backup', verb, id]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('pass --yes');
    }
    expect(await titles()).toEqual(['old', 'new']);

    const restore = await steno(['backup', 'restore', id, '--yes']);
    expect(restore.code).toBe(0);
    expect(await titles()).toEqual(['old']);
    const list = await steno(['--json', 'backup', 'list']);
    expect(JSON.parse(list.stdout).backups).toHaveLength(2);
  });

  it('exits 1 on a damaged archive and on a path for an id', async () => {
    const id = await create();
    const archive = join(folder, 'backups', `${id}.sqlite.gz`);
    await writeFile(archive, 'not gzip');

    const verify = await steno(['--json', 'backup', 'verify', id]);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: false });

    const path = await steno(['--json', 'backup', 'delete', '../x', '--yes']);
    expect(path.code).toBe(1);
    expect(JSON.parse(path.stderr).error.code).toBe('BACKUP_NOT_FOUND');
  });

  it('prunes down to maxBackups from the config file', async () => {
    const config = join(folder, 'steno.json');
    await writeFile(config, JSON.stringify({ backup: { maxBackups: 1 } }));
    const first = await create();
    const second = await create();
    const run = await steno(['--json', '-c', config, 'backup', 'prune']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      deleted: [{ backupId: first, ok: true }],
      kept: [{ backupId: second }],
    });
  });
});
