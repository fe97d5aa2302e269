import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './helpers/index.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-config-check-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the built CLI in the temp folder; a hung daemon is killed. */
function steno(args: string[]): Promise<CliRun> {
  return runCli(args, folder, { inheritEnv: false, timeoutMs: 20_000 });
}

const BAD_CONFIGS: [string, string, RegExp][] = [
  [
    'an unknown key',
    'backup:\n  directory: ./b\n  frequency: 5\n',
    /backup\.frequency: unknown key/,
  ],
  [
    'a wrong type',
    'database:\n  pool_size: "four"\n',
    /database\.pool_size: must be an integer >= 1/,
  ],
  [
    'negative days',
    'retention:\n  session_retention_days: -7\n',
    /retention\.session_retention_days: must be a whole number of days/,
  ],
  [
    'an unparsable cron',
    'backup:\n  interval: "0 25 * * *"\n',
    /backup\.interval: unparsable cron "0 25 \* \* \*": .*hour/,
  ],
  [
    'an unwritable directory',
    'backup:\n  directory: ./not-a-folder/backups\n',
    /backup\.directory: cannot create .*not-a-folder\/backups: .*not-a-folder is not a directory/,
  ],
];

describe('bad config files', () => {
  for (const [what, yaml, message] of BAD_CONFIGS) {
    it(`refuses ${what} before anything starts`, async () => {
      await writeFile(join(folder, 'not-a-folder'), 'a file, not a folder');
      await writeFile(join(folder, 'steno.yaml'), yaml);
      const before = await readdir(folder);

      const daemon = await steno(['--config', 'steno.yaml', 'daemon']);
      expect(daemon.code).toBe(1);
      expect(daemon.stderr).toMatch(message);
      expect(daemon.stderr).toMatch(/^steno: invalid config \(steno\.yaml\):/);
      expect(daemon.stdout).toBe('');
      expect(await readdir(folder)).toEqual(before);

      const check = await steno(['config', 'check', 'steno.yaml']);
      expect(check.code).toBe(1);
      expect(check.stderr).toMatch(message);
    });
  }

  it('lists every problem of one file at once', async () => {
    await writeFile(
      join(folder, 'steno.json'),
      JSON.stringify({
        backup: { max_backups: 0, compress: 'zip' },
        retention: { transcript_retention_days: 1.5 },
        server: { port: 70_000 },
      }),
    );
    const check = await steno(['config', 'check', 'steno.json']);
    expect(check.code).toBe(1);
    const problems = check.stderr
      .split('\n')
      .filter((line) => line.startsWith('  - '));
    expect(problems).toEqual([
      '  - backup.max_backups: must be an integer >= 1',
      '  - backup.compress: must be "gzip", "brotli" or "none"',
      '  - retention.transcript_retention_days: ' +
        'must be a whole number of days >= 1',
      '  - server.port: must be a port number 0-65535',
    ]);
  });

  it('accepts a good file and prints the resolved config', async () => {
    await writeFile(
      join(folder, 'steno.yaml'),
      'backup:\n  interval: "0 */6 * * *"\n  max_backups: 4\n',
    );
    const check = await steno(['--json', 'config', 'check', 'steno.yaml']);
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.valid).toBe(true);
    expect(report.config.backup.schedule).toBe('0 */6 * * *');
    expect(report.config.backup.maxBackups).toBe(4);
    expect(report.config.database.path).toBe('./data/steno.db');
    expect(await readdir(folder)).toEqual(['steno.yaml']);
  });
});
