import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const boundaries = (forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((group) => ({
        group: [group],
        message: 'Package boundary (see docs/architecture.md)',
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', 'coverage/**', '**/dist/**', 'apps/console/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: boundaries([
      '@ecif/hub',
      '@ecif/server',
      '@ecif/cli',
      'pg',
      'kysely',
      'fastify',
      'node:fs',
      'node:fs/*',
      'fs',
      'node:net',
      'node:http',
    ]),
  },
  {
    files: ['packages/hub/**/*.ts'],
    rules: boundaries(['@ecif/server', '@ecif/cli', 'fastify']),
  },
  { files: ['apps/server/**/*.ts'], rules: boundaries(['@ecif/cli']) },
  { files: ['apps/cli/**/*.ts'], rules: boundaries(['@ecif/server/*']) },
  {
    // Tests read JSON responses dynamically; the assertions are the type check there.
    files: ['**/test/**/*.ts', '**/*.test.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
