import { defineConfig } from 'tsup';

/**
 * The child processes are built to plain JavaScript, so their peak RSS
 * is the library's and not tsx's (about 25 MB more).
 */
export default defineConfig({
  entry: ['src/workers/steno-op.ts', 'src/workers/writer.ts'],
  outDir: 'dist/workers',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  dts: false,
  silent: true,
});
