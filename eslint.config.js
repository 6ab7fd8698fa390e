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
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
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
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
