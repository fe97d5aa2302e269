import { definePackageBuild } from '@steno/build-config';

// Splitting puts each command's actions in its own chunk, loaded on use.
export default definePackageBuild({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  splitting: true,
});
