import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { initializeDatabase } from '../src/system/data-system.js';
import type { SystemStatus } from '../src/system/status.js';
import { CLI, DaemonProcess, type LogLine } from './daemon-process.js';

const run = promisify(execFile);
const TRANSCRIPT = fileURLToPath(
  new URL(
    '../../../fixtures/transcripts/seattle-school-board-excerpt.whisperx.json',
    import.meta.url,
  ),
);
const DAY_MS = 86_400_000;

let folder: string;
let dbPath: string;
let port: number;
let daemon: DaemonProcess;

/** Runs SQL with the sqlite3 shell: an oracle independent of our code. */
async function sqlite(sql: string, file = dbPath): Promise<string> {
  const { stdout } = await run('sqlite3', [file, sql]);
  return stdout.trim();
}

const isEvent = (type: string, job?: string) => (line: LogLine) =>
  line.event === type && (job === undefined || line.job === job);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-daemon-e2e-'));
  dbPath = join(folder, 'data', 'steno.db');
  port = await findFreePort();
  await writeConfig('steno.yaml', 60);
  await seedDatabase();
}, 120_000);

afterAll(async () => {
  DaemonProcess.stopAll();
  await rm(folder, { recursive: true, force: true });
});

/** A port free right now: the daemon and `steno status` both need it. */
async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return free;
}

/** Short schedules: backups every 2 s, retention every 3 s. */
async function writeConfig(name: string, graceSeconds: number) {
  await writeFile(
    join(folder, name),
    [
      'database:',
      `  path: ${dbPath}`,
      'backup:',
      '  interval: 2',
      `  directory: ${join(folder, 'backups')}`,
      '  max_backups: 50',
      'retention:',
      '  cleanup_interval: 3',
      '  session_retention_days: 30',
      '  backup_before_cleanup: false',
      'metrics:',
      '  schedule: 1',
      'server:',
      `  port: ${port}`,
      'shutdown:',
      `  grace_seconds: ${graceSeconds}`,
    ].join('\n'),
  );
}

/**
 * A schema from the migrations, then with the sqlite3 shell one session
 * 100 days old (expired) and one recent session with 150,000 entries, so
 * that a backup takes long enough to be interrupted.
 */
async function seedDatabase(): Promise<void> {
  const config = await loadConfig({ env: { STENO_DB: dbPath } });
  const db = await initializeDatabase(config);
  await db.disconnect();

  const now = Date.now();
  const old = now - 100 * DAY_MS;
  await sqlite(
    'insert into sessions (title, start_time, status, created_at, ' +
      `updated_at) values ('expired', ${old}, 'completed', ${old}, ${old}),` +
      ` ('large', ${now}, 'completed', ${now}, ${now});` +
      'with recursive n(i) as (select 1 union all select i + 1 from n ' +
      'where i < 150000) insert into transcript_entries (session_id, ' +
      'text, speaker, start_time, end_time, word_count, created_at) ' +
      "select 2, 'entry ' || i || ' ' || hex(randomblob(40)), 'S' || " +
      `(i % 4), i, i + 1, 2, ${now} from n;`,
  );
}

describe('steno daemon, end to end', { timeout: 180_000 }, () => {
  it('backs up, retains, serves status, and stops cleanly', async () => {
    daemon = new DaemonProcess(['--config', 'steno.yaml'], folder);
    const listening = await daemon.waitFor(
      (line) => line.msg === 'status server listening',
    );
    const base = `http://127.0.0.1:${listening.port as number}`;
    expect(listening.port).toBe(port);

    const imported = await run(
      process.execPath,
      [CLI, '--db', dbPath, '--json', 'import', TRANSCRIPT],
      { cwd: folder },
    );
    expect(imported.stdout).toContain('seattle-school-board-excerpt');
    const entries = await sqlite(
      'select count(*) from transcript_entries where session_id = ' +
        "(select id from sessions where title like '%school-board%')",
    );
    expect(Number(entries)).toBeGreaterThan(0);

    const backups = await daemon.waitForCount(
      isEvent('job.completed', 'backup'),
      2,
    );
    expect(backups.length).toBeGreaterThanOrEqual(2);
    const retention = await daemon.waitFor(isEvent('retention.applied'));
    expect(retention.deletedCount).toBe(1);
    expect(
      await sqlite("select count(*) from sessions where title = 'expired'"),
    ).toBe('0');

    await checkStatus(base);
    await checkMetrics(base);
    expect(await statusSource()).toBe('daemon');
    await stopDuringBackup();
    await checkBackups();
    expect(await statusSource()).toBe('files');
    expect(await sqlite('pragma integrity_check')).toBe('ok');
    expect(
      await sqlite(
        'select count(*) from transcript_entries where ' + 'session_id = 2',
      ),
    ).toBe('150000');
  });

  it('aborts a backup past the grace period: no partial file', async () => {
    // Twice the entries, so the snapshot outlasts a zero grace period.
    await sqlite(
      'insert into transcript_entries (session_id, text, speaker, ' +
        'start_time, end_time, word_count, created_at) select session_id, ' +
        'text, speaker, start_time, end_time, word_count, created_at ' +
        'from transcript_entries where session_id = 2',
    );
    await writeConfig('steno-no-grace.yaml', 0);
    daemon = new DaemonProcess(['--config', 'steno-no-grace.yaml'], folder);
    const started = await daemon.waitFor(
      (line) => line.component === 'backup' && line.msg === 'backup started',
    );
    const id = String(started.backup_id);
    // Stop only once the backup has a partial file on disk.
    const partial = await waitForFile(join(folder, 'backups'), id, '.tmp');
    daemon.signal('SIGTERM');

    expect(await daemon.exited).toBe(0);
    expect(partial).toMatch(/\.tmp$/);
    const messages = daemon.lines.map((line) => line.msg);
    expect(messages).toContain('jobs abandoned: grace period over');
    expect(messages.at(-1)).toBe('daemon stopped');
    const files = await readdir(join(folder, 'backups'));
    expect(files.filter((name) => name.includes(id))).toEqual([]);
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const failed = daemon.lines.find(
      (line) => line.backup_id === id && line.msg === 'create backup failed',
    );
    expect(failed?.error).toMatch(/aborted \(the daemon is stopping/);
    await checkBackups();
    expect(await sqlite('pragma integrity_check')).toBe('ok');
  });
});

/** The first file of `directory` naming `id` and ending in `suffix`. */
async function waitForFile(
  directory: string,
  id: string,
  suffix: string,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const names = await readdir(directory);
    const found = names.find((n) => n.includes(id) && n.endsWith(suffix));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no ${suffix} file of backup ${id} in ${directory}`);
}

/** Where `steno status` read the status from. */
async function statusSource(): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [CLI, '--config', 'steno.yaml', '--json', 'status'],
    { cwd: folder },
  );
  const status = JSON.parse(stdout) as { source: { kind: string } };
  return status.source.kind;
}

async function checkStatus(base: string): Promise<void> {
  const response = await fetch(`${base}/status`);
  const status = (await response.json()) as SystemStatus;
  const sessions = Number(await sqlite('select count(*) from sessions'));

  expect(status.database.path).toBe(dbPath);
  expect(status.database.health.quickCheck).toBe('ok');
  expect(status.database.rows?.sessions).toBe(sessions);
  expect(status.schema.state).toBe('current');
  expect(status.backup.lastGoodBackup?.verified).toBe(true);
  expect(status.retention.lastRun?.success).toBe(true);
  expect(Date.now() - Date.parse(status.retention.lastRun!.at)).toBeLessThan(
    60_000,
  );
  expect(status.jobs.map((job) => job.name)).toEqual([
    'backup',
    'retention',
    'metrics',
  ]);
  for (const job of status.jobs) {
    expect(Date.parse(job.nextRun!)).toBeGreaterThan(Date.now() - 2_000);
  }
  expect(['healthy', 'degraded']).toContain(status.status);
  expect(await fetch(`${base}/healthz`).then((r) => r.status)).toBe(200);
}

async function checkMetrics(base: string): Promise<void> {
  const before = (await stat(dbPath)).size;
  const response = await fetch(`${base}/metrics`);
  const after = (await stat(dbPath)).size;
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await response.text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);

  const size = value(/^steno_database_size_bytes (\d+)$/m);
  expect(size).toBeGreaterThanOrEqual(before);
  expect(size).toBeLessThanOrEqual(after);
  expect(
    value(/^steno_events_total\{type="backup.created"\} (\d+)$/m),
  ).toBeGreaterThanOrEqual(2);
  expect(text).toMatch(
    /^steno_job_next_run_timestamp_seconds\{job="backup"\}/m,
  );

  const samples = Number(
    await sqlite(
      "select count(*) from system_metrics where metric_name = 'wal_size'",
    ),
  );
  expect(samples).toBeGreaterThanOrEqual(1);
}

async function stopDuringBackup(): Promise<void> {
  const before = daemon.lines.length;
  const started = await daemon.waitFor(
    (line) =>
      daemon.lines.indexOf(line) >= before &&
      line.component === 'backup' &&
      line.msg === 'backup started',
  );
  daemon.signal('SIGTERM');

  expect(await daemon.exited).toBe(0);
  const after = daemon.lines.slice(daemon.lines.indexOf(started));
  const messages = after.map((line) => line.msg);
  expect(messages).toContain('daemon stopping');
  expect(messages).toContain('waiting for jobs');
  expect(messages.at(-1)).toBe('daemon stopped');
  const written = after.find(
    (line) =>
      line.msg === 'backup written' && line.backup_id === started.backup_id,
  );
  expect(written, 'the interrupted backup finished').toBeDefined();
  expect(daemon.stderr.join('')).toBe('');
}

/** Every archive has its manifest, its checksum, and a sound database. */
async function checkBackups(): Promise<void> {
  const directory = join(folder, 'backups');
  const files = await readdir(directory);
  const archives = files.filter((name) => name.endsWith('.sqlite.gz'));
  const manifests = files.filter((name) => name.endsWith('.manifest.json'));
  const partial = files.filter((name) => /^\..*\.tmp$/.test(name));
  expect(files.length).toBe(
    archives.length + manifests.length + partial.length,
  );
  expect(archives.length).toBe(manifests.length);

  const newest = archives.sort().at(-1)!;
  const id = newest.replace('.sqlite.gz', '');
  const manifest = JSON.parse(
    await readFile(join(directory, `${id}.manifest.json`), 'utf8'),
  );
  const archive = join(directory, newest);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(archive)) hash.update(chunk);
  expect(manifest.checksum).toBe(hash.digest('hex'));

  const copy = join(folder, 'restored.db');
  await pipeline(
    createReadStream(archive),
    createGunzip(),
    createWriteStream(copy),
  );
  expect(await sqlite('pragma integrity_check', copy)).toBe('ok');
}
