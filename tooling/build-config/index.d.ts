import type { Options } from 'tsup';

/** The shared build: ESM and CJS with declarations. */
export declare function definePackageBuild(
  overrides?: Options,
): Options | Options[];
