import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { defaultConfig, type StenoConfig } from '../src/config/load-config.js';
import {
  setupCompleteDataSystem,
  type DataSystem,
} from '../src/system/data-system.js';

let folder: string;
let system: DataSystem | undefined;

afterEach(async () => {
  await system?.close();
  await rm(folder, { recursive: true, force: true });
});

it('status counts a killed backup’s partial files, a start removes them', async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-partials-start-'));
  const backups = join(folder, 'backups');
  await mkdir(backups);
  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  const alive = process.ppid;
  const id = '20261201T000000Z-aaaaaa';
  const left = [
    `.${id}.snapshot.${dead}.tmp`,
    `.${id}.snapshot.${dead}.tmp-journal`,
    `${id}.sqlite.br.${dead}.tmp`,
  ];
  const running = `.${id}.snapshot.${alive}.tmp`;
  for (const name of [...left, running]) {
    await writeFile(join(backups, name), Buffer.alloc(1024));
  }

  const config: StenoConfig = defaultConfig();
  config.database.path = join(folder, 'steno.db');
  config.backup.directory = backups;
  config.retention.storageRoots = [folder];
  system = await setupCompleteDataSystem(config);
  const status = await system.getSystemStatus();
  expect(status.backup.partialFiles).toEqual({ count: 4, bytes: 4 * 1024 });
  await system.startScheduling();

  expect(await readdir(backups)).toEqual([running]);
});
