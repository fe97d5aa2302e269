import tseslint from 'typescript-eslint';

const ignores = {
  ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**'],
};

const base = tseslint.config(...tseslint.configs.recommended, {
  rules: {
    '@typescript-eslint/no-unused-vars': [
      'error',
      { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
    ],
    '@typescript-eslint/ban-ts-comment': 'error',
    eqeqeq: ['error', 'smart'],
  },
});

/** Rules for publishable libraries: they take a logger and never print. */
export const library = [
  ignores,
  ...base,
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
];

/** Rules for applications, which own the terminal. */
export const app = [ignores, ...base];
