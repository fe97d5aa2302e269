import { describe, expect, it } from 'vitest';
import { runProcess, runShell } from './child.js';

describe('runProcess', () => {
  it('reads the peak RSS of a child that holds 64 MB', async () => {
    const script =
      'const b = Buffer.alloc(64 * 1024 * 1024, 1); console.log(b[1])';
    const run = await runProcess(process.execPath, ['-e', script]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('1');
    expect(run.peakRssMb).toBeGreaterThan(64);
  });

  it('times the child from spawn to exit', async () => {
    const run = await runProcess('sleep', ['0.2']);
    expect(run.ms).toBeGreaterThanOrEqual(200);
  });
});

describe('runShell', () => {
  it('fails when an early stage of a pipeline fails', async () => {
    await expect(runShell('false | cat')).rejects.toThrow(/exited with 1/);
  });
});
