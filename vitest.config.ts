import { defineConfig } from 'vitest/config';
import { ReliabilitySummaryReporter } from './test/reporters/reliability-summary.ts';
import { SummaryLineReporter } from './test/reporters/summary-line.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability summary prints before the closing `N passed` line, which CI reads last.
    reporters: ['default', new ReliabilitySummaryReporter(), new SummaryLineReporter()],
    setupFiles: ['./test/setup/fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts'],
      thresholds: { 'shared/scaling/**': { lines: 100, functions: 100, branches: 100, statements: 100 } },
    },
  },
});
