import { definePackageBuild } from '@steno/build-config';

export default definePackageBuild({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
});
