import type { Reporter, TestModule } from 'vitest/node';
import { emptyCounts, type ReliabilityCounts } from '../reliability/tally.ts';

/**
 * Prints the reliability suite's summary at the end of a run: the sums of the counts each test recorded in its
 * `meta.reliability` (see test/reliability/tally.ts). Silent when no reliability test ran.
 */
class ReliabilitySummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const total: ReliabilityCounts = emptyCounts();
    let tests = 0;
    let failed = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const counts = test.meta().reliability;
        if (!counts) continue;
        tests++;
        if (test.result().state === 'failed') failed++;
        for (const key of Object.keys(total) as (keyof ReliabilityCounts)[]) total[key] += counts[key];
      }
    }
    if (tests === 0) return;
    process.stdout.write(
      [
        '',
        `reliability: ${tests} tests (${failed} failed)`,
        `  inputs tried          ${total.inputs}`,
        `  faults injected       ${total.faults}`,
        `  crashes               ${total.crashes}`,
        `  lost uploads          ${total.lostUploads}`,
        `  wrong scale actions   ${total.wrongScaleActions}`,
        '',
      ].join('\n'),
    );
  }
}

export { ReliabilitySummaryReporter };
