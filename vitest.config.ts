import { defineConfig } from 'vitest/config';

// Unit and integration tests run once on PGlite and, when a PostgreSQL URL is given, once more on it.
const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'bench/**/*.test.ts'],
          env: { ZY_TEST_ENGINE: 'pglite' },
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['server/**/*.test.ts'],
                env: { ZY_TEST_ENGINE: 'postgres', ZY_TEST_PG_URL: postgresUrl },
              },
            },
          ]
        : []),
    ],
  },
});
