import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/load-config.js';
import { runDaemon, type DaemonLogger } from '../src/system/run-daemon.js';

type Line = Record<string, unknown> & { msg: string; level: string };

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-daemon-run-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A pino-shaped logger that keeps every line, children included. */
function collectingLogger(lines: Line[], base = {}): DaemonLogger {
  const at =
    (level: string) => (fields: Record<string, unknown>, msg: string) =>
      lines.push({ ...base, ...fields, msg, level });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => collectingLogger(lines, { ...base, ...fields }),
  };
}

describe('runDaemon', () => {
  it('backs up, migrates, logs its free port, serves, stops with 0', async () => {
    const config = defaultConfig();
    config.database.path = join(folder, 'data', 'steno.db');
    config.backup.directory = join(folder, 'backups');
    config.server.port = 0;
    const lines: Line[] = [];
    let stop!: (signal: string) => void;
    const stopSignal = new Promise<string>((resolve) => (stop = resolve));

    const running = runDaemon({
      config,
      logger: collectingLogger(lines),
      stopSignal,
    });
    const listening = await waitFor(lines, 'status server listening');
    const port = listening.port as number;
    expect(port).toBeGreaterThan(0);
    expect(listening.url).toBe(`http://127.0.0.1:${port}/status`);
    expect(listening.component).toBe('http');

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.text()).toBe('ok\n');
    const jobs = lines.filter((line) => line.msg === 'job scheduled');
    expect(jobs.map((line) => line.job)).toEqual([
      'backup',
      'retention',
      'metrics',
    ]);

    const order = lines.map((line) => line.event ?? line.msg);
    const backedUp = order.indexOf('backup.created');
    const migrated = order.indexOf('migration.applied');
    expect(backedUp).toBeGreaterThanOrEqual(0);
    expect(migrated).toBeGreaterThan(backedUp);

    stop('SIGTERM');
    expect(await running).toEqual({ exitCode: 0, abandonedJobs: [] });
    expect(lines.at(-1)?.msg).toBe('daemon stopped');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

async function waitFor(lines: Line[], msg: string): Promise<Line> {
  for (let tries = 0; tries < 300; tries++) {
    const line = lines.find((candidate) => candidate.msg === msg);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "${msg}" line; got ${lines.map((l) => l.msg)}`);
}
