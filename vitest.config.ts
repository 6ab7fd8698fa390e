import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure (no network, no database) and runs in seconds; `integration`
// goes through the real HTTP app and a real database (PGlite by default, PostgreSQL when
// DATABASE_URL is set), each test file on its own fresh database.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          globalSetup: ['packages/hub/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
