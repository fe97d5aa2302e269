import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useBundledCli } from './helpers/index.js';

// A module hook, run in the CLI's own process, that appends every
// module URL it resolves to the file named by STENO_TEST_MODULES.
const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.STENO_TEST_MODULES, resolved.url + '\\n');
  return resolved;
}
`;
const REGISTER = `
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
`;

const cli = useBundledCli('cold-start');
let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'steno-cold-start-'));
  await writeFile(join(folder, 'hooks.mjs'), HOOKS);
  await writeFile(join(folder, 'register.mjs'), REGISTER);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the CLI and returns the module URLs its process loaded. */
async function modulesLoadedBy(name: string, args: string[]) {
  const list = join(folder, `${name}.txt`);
  const register = pathToFileURL(join(folder, 'register.mjs')).href;
  const run = await runCli(args, folder, {
    cli: cli(),
    env: { NODE_OPTIONS: `--import=${register}`, STENO_TEST_MODULES: list },
  });
  const modules = (await readFile(list, 'utf8')).split('\n');
  return { run, modules };
}

const heavy = (url: string) =>
  /@mikro-orm|sqlite3|pino|prom-client|@steno\//.test(url);

describe('cold start', () => {
  it('steno --version loads commander and no database code', async () => {
    const { run, modules } = await modulesLoadedBy('version', ['--version']);

    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(modules.some((url) => url.includes('/commander/'))).toBe(true);
    expect(modules.filter(heavy)).toEqual([]);
  });

  it('steno --help lists the commands without loading them', async () => {
    const { run, modules } = await modulesLoadedBy('help', ['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('retention');
    expect(modules.filter(heavy)).toEqual([]);
  });

  it('a command that needs the database still loads it', async () => {
    const db = join(folder, 'steno.db');
    const { run, modules } = await modulesLoadedBy('demo', [
      '--db',
      db,
      'demo',
    ]);

    expect(run.code).toBe(0);
    expect(modules.some((url) => url.includes('@mikro-orm'))).toBe(true);
  });
});
