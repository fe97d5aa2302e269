import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionManager } from '@steno/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  runCli,
  withDatabase,
  useBundledCli,
  type CliRun,
} from './helpers/index.js';

const DAY = 86_400_000;

const cli = useBundledCli('retention-cli');
let folder: string;

function steno(...args: string[]): Promise<CliRun> {
  const db = join(folder, 'steno.db');
  return runCli(['--db', db, '-c', 'steno.json', ...args], folder, {
    cli: cli(),
  });
}

async function writeConfig(retention: Record<string, unknown>) {
  const config = {
    backup: { directory: join(folder, 'backups') },
    retention: { storageRoots: [join(folder, 'data')], ...retention },
  };
  await writeFile(join(folder, 'steno.json'), JSON.stringify(config));
}

/** Two expired finished sessions with audio, one recent, one live. */
async function seed(): Promise<string[]> {
  const old = Date.now() - 90 * DAY;
  const audio = [join(folder, 'data', 'a.wav'), join(folder, 'data', 'b.wav')];
  for (const path of audio) await writeFile(path, Buffer.alloc(321));
  const row = (id: number, status: string, at: number, file?: string) => ({
    id,
    title: `s${id}`,
    startTime: new Date(at),
    status,
    audioFilePath: file ?? null,
    createdAt: new Date(at),
    updatedAt: new Date(at),
  });
  await withDatabase(join(folder, 'steno.db'), (db) =>
    new SessionManager(db).bulkInsert('Session', [
      row(1, 'completed', old, audio[0]),
      row(2, 'failed', old, audio[1]),
      row(3, 'completed', Date.now() - DAY),
      row(4, 'active', old),
    ]),
  );
  return audio;
}

function sessionIds(): Promise<number[]> {
  return withDatabase(join(folder, 'steno.db'), async (db) => {
    const rows = await db.executeQuery<{ id: number }>(
      'select id from sessions order by id',
    );
    return rows.map((r) => r.id);
  });
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-retention-cli-'));
  await mkdir(join(folder, 'data'));
  await writeConfig({ sessionRetentionDays: 30 });
  expect((await steno('migrate', 'up')).code).toBe(0);
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('steno retention', () => {
  it('estimates, dry-runs, then applies the same after a backup', async () => {
    const audio = await seed();
    const estimate = await steno('--json', 'retention', 'estimate');
    expect(estimate.code).toBe(0);
    const planned = JSON.parse(estimate.stdout);
    expect(planned.total.items.Session).toBe(2);
    expect(planned.total.fileBytes).toBe(642);

    const dry = await steno('retention', 'apply', '--dry-run');
    expect(dry.stdout).toContain('sessions: would delete 2 Session');
    expect(await sessionIds()).toEqual([1, 2, 3, 4]);

    const apply = await steno('--json', 'retention', 'apply');
    expect(apply.code).toBe(0);
    const run = JSON.parse(apply.stdout);
    expect(run.backupId).toEqual(expect.any(String));
    expect(run.results[0].items).toEqual(planned.rules[0].items);
    expect(run.results[0].fileBytes).toBe(642);
    expect(await sessionIds()).toEqual([3, 4]);
    expect(audio.map((p) => existsSync(p))).toEqual([false, false]);
  });

  it('estimates the metrics rule the daemon schedules', async () => {
    await writeConfig({});
    const run = await steno('--json', 'retention', 'estimate');
    expect(run.code).toBe(0);
    const ids = JSON.parse(run.stdout).rules.map(
      (rule: { ruleId: string }) => rule.ruleId,
    );
    expect(ids).toEqual(['metrics']);
  });

  it('fails with NOT_FOUND and exit 1 for an unknown rule', async () => {
    const run = await steno('--json', 'retention', 'apply', '--rule', 'nope');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr).error.code).toBe('NOT_FOUND');
  });

  it('says how to configure rules when there are none', async () => {
    await writeConfig({ metricsRetentionDays: null });
    const run = await steno('retention', 'estimate');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('set retention.sessionRetentionDays');
  });
});
