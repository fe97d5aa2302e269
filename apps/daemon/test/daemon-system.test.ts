import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type StenoConfig } from '../src/config/load-config.js';
import {
  getSystemStatus,
  setupCompleteDataSystem,
  type DataSystem,
} from '../src/system/data-system.js';
import type { DeliveredEvent } from '../src/system/events.js';
import { startHttpServer } from '../src/system/http-server.js';
import { PrometheusMetrics } from '../src/system/prometheus.js';

const run = promisify(execFile);

let folder: string;
let system: DataSystem;
const events: DeliveredEvent[] = [];

async function sqlite(sql: string): Promise<string> {
  const path = join(folder, 'steno.db');
  return (await run('sqlite3', [path, sql])).stdout.trim();
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-daemon-system-'));
  const config: StenoConfig = defaultConfig();
  config.database.path = join(folder, 'steno.db');
  config.backup.directory = join(folder, 'backups');
  config.retention.storageRoots = [folder];
  config.migrations.backupBeforeMigration = false;
  system = await setupCompleteDataSystem(config);
  system.events.onAny((event) => events.push(event));
});

afterAll(async () => {
  await system?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('setupCompleteDataSystem', () => {
  it('reports pending migrations until they are applied', async () => {
    const before = await getSystemStatus();
    expect(before.schema.state).toBe('unmanaged');
    expect(before.schema.pending).toEqual(
      system.migrationManager.getKnownMigrations(),
    );

    const applied = await system.migrate();
    expect(applied).toEqual(system.migrationManager.getKnownMigrations());
    const after = await getSystemStatus();
    expect(after.schema.state).toBe('current');
    expect(after.schema.version).toBe(
      await sqlite('select name from mikro_orm_migrations order by id desc'),
    );
  });

  it('reads the database and backups as SQLite and the disk say', async () => {
    await sqlite(
      'insert into sessions (title, start_time, status, created_at, ' +
        "updated_at) values ('a', 0, 'completed', 0, 0), " +
        "('b', 0, 'active', 0, 0)",
    );
    const empty = await getSystemStatus();
    expect(empty.database.rows?.sessions).toBe(2);
    expect(empty.status).toBe('degraded');
    expect(empty.reasons).toContain('no verified backup yet');

    const { backupId } = await system.backupManager.createBackup('test');
    const status = await getSystemStatus();
    expect(status.status).toBe('healthy');
    expect(status.backup.lastGoodBackup?.backupId).toBe(backupId);

    const archive = await stat(
      join(folder, 'backups', `${backupId}.sqlite.gz`),
    );
    const created = events.find((event) => event.type === 'backup.created');
    expect(created).toMatchObject({ backupId, sizeBytes: archive.size });
    expect(events.map((event) => event.type)).toContain('backup.verified');
  });

  it('writes one metrics sample as SystemMetrics rows', async () => {
    const sample = await system.sampler.sample();
    const dbSize = (await stat(join(folder, 'steno.db'))).size;
    expect(sample.databaseSizeBytes).toBe(dbSize);

    const rows = await sqlite(
      'select metric_name, metric_unit, metric_value from system_metrics ' +
        'order by id',
    );
    const lines = rows.split('\n');
    expect(lines.map((line) => line.split('|').slice(0, 2).join(' '))).toEqual([
      'database_size bytes',
      'wal_size bytes',
      'storage_used percent',
      'storage_available bytes',
      'query_latency ms',
    ]);
    expect(lines[0]).toBe(`database_size|bytes|${dbSize}.0`);

    const { stdout } = await run('df', ['-P', folder]);
    const used = Number(/(\d+)%/.exec(stdout.split('\n')[1]!)?.[1]);
    // df rounds the percentage up to a whole number.
    expect(Math.ceil(sample.storageUsedPercent)).toBe(used);
  });

  it('ages out metric samples older than metrics_retention_days', async () => {
    const day = 86_400_000;
    const old = Date.now() - 31 * day;
    const recent = Date.now() - 29 * day;
    await sqlite(
      'insert into system_metrics (metric_name, metric_value, timestamp) ' +
        `values ('old', 1, ${old}), ('recent', 2, ${recent})`,
    );
    const run = await system.retentionManager.applyRetentionRules();
    const rule = run.results.find((result) => result.ruleId === 'metrics');
    expect(rule?.deletedCount).toBe(1);
    const names = await sqlite(
      'select metric_name from system_metrics where metric_name in ' +
        "('old', 'recent')",
    );
    expect(names).toBe('recent');
  });

  it('serves /healthz, /status and /metrics over HTTP', async () => {
    const prometheus = new PrometheusMetrics();
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      ping: async () => {
        await system.database.executeQuery('select 1');
      },
      status: () => system.getSystemStatus(),
      metrics: (status) => prometheus.render(status),
      metricsContentType: prometheus.contentType,
    });
    const base = `http://127.0.0.1:${server.port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/nowhere`)).status).toBe(404);
      const post = await fetch(`${base}/status`, { method: 'POST' });
      expect(post.status).toBe(405);

      const response = await fetch(`${base}/status`);
      const status = (await response.json()) as { database: { path: string } };
      expect(status.database.path).toBe(join(folder, 'steno.db'));
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/^steno_status\{state="healthy"\} 1$/m);
      expect(text).toMatch(/^steno_status\{state="failing"\} 0$/m);
      const manifests = (await readdir(join(folder, 'backups'))).filter(
        (name) => name.endsWith('.manifest.json'),
      );
      expect(text).toContain(`\nsteno_backups ${manifests.length}\n`);
    } finally {
      await server.close();
    }
  });

  it('warns through the bus when storage runs above the threshold', async () => {
    const { MetricsSampler } = await import('../src/system/metrics-sampler.js');
    const sampler = new MetricsSampler({
      db: system.database,
      sessions: system.sessionManager,
      events: system.events,
      storageHighPercent: 0.01,
    });
    const sample = await sampler.sample();
    const warning = events.find((event) => event.type === 'storage.usage_high');
    expect(warning).toMatchObject({
      path: folder,
      usedPercent: sample.storageUsedPercent,
      thresholdPercent: 0.01,
    });
  });
});
