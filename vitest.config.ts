import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts'],
      thresholds: { 'shared/scaling/**': { lines: 100, functions: 100, branches: 100, statements: 100 } },
    },
  },
});
