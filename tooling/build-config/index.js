import { defineConfig } from 'tsup';

/**
 * The shared build: ESM and CJS with declarations, one file per entry.
 * @param {import('tsup').Options} [overrides]
 */
export function definePackageBuild(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    ...overrides,
  });
}
