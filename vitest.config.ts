import { defineConfig } from 'vitest/config';
import { SummaryLineReporter } from './test/reporters/summary-line.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', new SummaryLineReporter()],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts'],
      thresholds: { 'shared/scaling/**': { lines: 100, functions: 100, branches: 100, statements: 100 } },
    },
  },
});
