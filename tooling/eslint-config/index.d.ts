import type { Linter } from 'eslint';

export declare const library: Linter.Config[];
export declare const app: Linter.Config[];
