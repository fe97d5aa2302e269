import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE = join(import.meta.dirname, '..');

it('runs the README quick start as written', async () => {
  const readme = await readFile(join(PACKAGE, 'README.md'), 'utf8');
  const section = readme.split('## Quick start')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  expect(code).toContain('new Database');

  // Inside the package, so `@steno/db` resolves to its own build.
  const script = join(PACKAGE, 'test', `quick-start-${process.pid}.mjs`);
  const cwd = await mkdtemp(join(tmpdir(), 'steno-db-readme-'));
  try {
    await writeFile(script, code);
    const { stdout } = await run(process.execPath, [script], { cwd });
    expect(stdout).toBe('Weekly sync 2\ntrue\n');
  } finally {
    await rm(script, { force: true });
    await rm(cwd, { recursive: true, force: true });
  }
});
