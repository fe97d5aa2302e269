import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupManager } from '@steno/backup';
import { Database } from '@steno/db';
import { StenoError } from '@steno/models';
import { backupConfigOf } from '../system/data-system.js';
import { defaultConfig, loadConfig } from './load-config.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-config-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(folder, name);
  await writeFile(file, text);
  return file;
}

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StenoError);
  expect((error as StenoError).code).toBe('INVALID_CONFIG');
  return (error as StenoError).details.problems as string[];
}

describe('loadConfig', () => {
  it('uses the embedded defaults when there is no file', async () => {
    const config = await loadConfig({ env: {} });
    expect(config).toEqual(defaultConfig());
    expect(config.database.path).toBe('./data/steno.db');
  });

  it('accepts the seed snake_case shape in YAML', async () => {
    const file = await write(
      'seed.yaml',
      [
        'database:',
        '  path: /var/lib/steno/steno.db',
        '  pool_size: 2',
        '  timeout: 1000',
        '  enable_wal: true',
        'backup:',
        '  enabled: true',
        '  interval: 3600',
        '  directory: /var/lib/steno/backups',
        '  max_backups: 3',
        '  compress: false',
        '  retention_days: 14',
        'retention:',
        '  enabled: false',
        '  cleanup_interval: "0 3 * * *"',
        '  session_retention_days: 90',
        '  transcript_retention_days: 30',
        'migrations:',
        '  auto_apply: false',
        '  backup_before_migration: false',
      ].join('\n'),
    );
    const config = await loadConfig({ file, env: {} });
    expect(config.database).toEqual({
      path: '/var/lib/steno/steno.db',
      poolSize: 2,
      timeout: 1000,
      enableWal: true,
    });
    expect(config.backup).toMatchObject({
      schedule: 3600,
      maxBackups: 3,
      compress: 'none',
      retentionDays: 14,
    });
    expect(config.retention).toMatchObject({
      enabled: false,
      schedule: '0 3 * * *',
      sessionRetentionDays: 90,
      transcriptRetentionDays: 30,
    });
    expect(config.migrations).toEqual({
      autoApply: false,
      backupBeforeMigration: false,
    });
  });

  it('retention_days reaches the backup manager, not only config', async () => {
    const file = await write('days.yaml', 'backup:\n  retention_days: 14\n');
    const config = await loadConfig({ file, env: {} });
    const db = new Database({ path: ':memory:' });
    const manager = new BackupManager({ db, config: backupConfigOf(config) });
    expect(manager.config.retentionDays).toBe(14);
    const none = await loadConfig({ env: {} });
    expect(backupConfigOf(none).retentionDays).toBe(0);
  });

  it('accepts the camelCase shape in JSON', async () => {
    const file = await write(
      'c.json',
      JSON.stringify({ backup: { maxBackups: 2 }, server: { port: 0 } }),
    );
    const config = await loadConfig({ file, env: {} });
    expect(config.backup.maxBackups).toBe(2);
    expect(config.server.port).toBe(0);
  });

  it('lets env beat the file and flags beat env', async () => {
    const file = await write('p.json', '{"server":{"port":1000}}');
    const env = { STENO_PORT: '2000', STENO_DB: '/tmp/env.db' };
    const fromEnv = await loadConfig({ file, env });
    expect(fromEnv.server.port).toBe(2000);
    expect(fromEnv.database.path).toBe('/tmp/env.db');

    const fromFlag = await loadConfig({
      file,
      env,
      overrides: { port: 3000 },
    });
    expect(fromFlag.server.port).toBe(3000);
  });

  it('reports every problem at once under the written key', async () => {
    const file = await write(
      'bad.yaml',
      [
        'colour: blue',
        'backup:',
        '  max_backups: "three"',
        '  verfy: true',
        'retention:',
        '  session_retention_days: -5',
        '  cleanup_interval: "61 * * * *"',
      ].join('\n'),
    );
    const problems = await problemsOf(loadConfig({ file, env: {} }));
    expect(problems).toHaveLength(5);
    expect(problems).toContain('colour: unknown key');
    expect(problems).toContain('backup.verfy: unknown key');
    expect(problems).toContain('backup.max_backups: must be an integer >= 1');
    expect(problems).toContain(
      'retention.session_retention_days: ' +
        'must be a whole number of days >= 1',
    );
    expect(problems.join('\n')).toMatch(
      /^retention\.cleanup_interval: unparsable cron "61 \* \* \* \*": .*minute/m,
    );
  });

  it('names the environment variable that holds a bad value', async () => {
    const env = { STENO_PORT: 'eighty', STENO_AUTO_MIGRATE: 'maybe' };
    const problems = await problemsOf(loadConfig({ env }));
    expect(problems).toEqual([
      'STENO_AUTO_MIGRATE: must be true or false',
      'STENO_PORT: must be a port number 0-65535',
    ]);
  });

  it('reports a file that is not YAML with the file name', async () => {
    const file = await write('broken.yaml', 'backup: [1, 2\n');
    const problems = await problemsOf(loadConfig({ file, env: {} }));
    expect(problems[0]).toMatch(/broken\.yaml: not valid YAML/);
  });

  it('reports unwritable folders only when asked to check', async () => {
    const blocker = await write('a-file', '');
    const env = {
      STENO_BACKUP_DIR: join(blocker, 'backups'),
      STENO_DB: join(blocker, 'db', 'steno.db'),
    };
    await expect(loadConfig({ env })).resolves.toBeDefined();

    const problems = await problemsOf(
      loadConfig({ env, checkDirectories: true }),
    );
    expect(problems).toEqual([
      `STENO_BACKUP_DIR: cannot create ${join(blocker, 'backups')}: ` +
        `${blocker} is not a directory`,
      `STENO_DB: cannot create ${join(blocker, 'db')}: ` +
        `${blocker} is not a directory`,
    ]);
  });
});

describe('loadConfig with directory checks', () => {
  it('reports a bad key and an unwritable folder together', async () => {
    const blocker = await write('a-file', '');
    const file = await write(
      'both.yaml',
      `backup:\n  directory: ${blocker}/b\n  max_backups: 0\n`,
    );
    const problems = await problemsOf(
      loadConfig({ file, env: {}, checkDirectories: true }),
    );
    expect(problems).toEqual([
      'backup.max_backups: must be an integer >= 1',
      `backup.directory: cannot create ${blocker}/b: ` +
        `${blocker} is not a directory`,
    ]);
  });
});

describe('the shipped device config', () => {
  it('is valid and means what its comments say', async () => {
    const file = new URL('../../../../deploy/steno.yaml', import.meta.url);
    const config = await loadConfig({ file: file.pathname, env: {} });
    expect(config.database.path).toBe('/var/lib/steno/data/steno.db');
    expect(config.backup.schedule).toBe('0 3 * * *');
    expect(config.backup.compress).toBe('gzip');
    expect(config.retention.sessionRetentionDays).toBe(365);
    expect(config.retention.transcriptRetentionDays).toBeNull();
    expect(config.server).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 8787,
    });
  });
});
