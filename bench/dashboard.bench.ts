/**
 * `npm run bench -- dashboard`: how fast the dashboard page loads in headless Chromium against the local stack
 * (the example app deployed through the deploy function onto the stand-in, a decision log), goal < 1 s; refreshes
 * docs/dashboard.png, the screenshot the README shows.
 */
import path from 'node:path';
import { launchChromium, waitForText } from '#test/helpers/browser.ts';
import { startDashboardStack } from '#test/helpers/dashboard-fixture.ts';
import { type Figure, writeBenchResult } from './lib/results.ts';

const LOADS = 15;
const SCREENSHOT = path.join(import.meta.dirname, '..', 'docs', 'dashboard.png');

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const stack = await startDashboardStack();
const browser = await launchChromium();
try {
  const rowSelector = `[data-testid="app-row"][data-app-id="${stack.appId}"] [data-testid="configured"]`;
  const firstData: number[] = [];
  const loadEvent: number[] = [];
  const chartDrawn: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    // A new page each time, and the server sends no-store: every load fetches the page and its modules again.
    const page = await browser.context.newPage();
    const started = performance.now();
    await page.goto(stack.dashboard.url, { waitUntil: 'load' });
    await waitForText(page, rowSelector, String(stack.initialInstances));
    firstData.push(performance.now() - started);
    await page.locator('#chart svg .instances').waitFor();
    chartDrawn.push(performance.now() - started);
    loadEvent.push(
      // A string, evaluated in the page: this file is type-checked without the DOM library.
      Number(await page.evaluate("(performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? NaN)")),
    );
    await page.close();
  }

  // The screenshot: the app scaled from 2 to 3 through the page, as the browser test does.
  const page = await browser.context.newPage();
  await page.goto(stack.dashboard.url, { waitUntil: 'load' });
  const row = page.locator(`[data-testid="app-row"][data-app-id="${stack.appId}"]`);
  const wanted = stack.initialInstances + 1;
  await row.locator('[data-testid="scale-input"]').fill(String(wanted));
  await row.locator('[data-testid="scale-button"]').click();
  await stack.waitForInstances(wanted);
  await waitForText(
    page,
    `[data-testid="app-row"][data-app-id="${stack.appId}"] [data-testid="running"]`,
    String(wanted),
  );
  await page.waitForTimeout(1_200); // one more poll, so the chart's line ends at the new count
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  const figures: Figure[] = [
    {
      name: 'page load to first data (median)',
      value: Math.round(quantile(firstData, 0.5)),
      unit: 'ms',
      goal: { op: '<', target: 1_000, on: 'value' },
    },
    { name: 'page load to first data (p90)', value: Math.round(quantile(firstData, 0.9)), unit: 'ms' },
    { name: 'page load to chart drawn (median)', value: Math.round(quantile(chartDrawn, 0.5)), unit: 'ms' },
    { name: 'load event (median)', value: Math.round(quantile(loadEvent, 0.5)), unit: 'ms' },
  ];
  const result = await writeBenchResult({
    name: 'dashboard',
    title: 'Dashboard page load in headless Chromium (local stack)',
    figures,
    notes: [
      `${LOADS} loads, each in a new tab of one headless Debian Chromium (playwright-core), server sends no-store.`,
      '"First data" = from navigation start until the app row shows its instance count (page, modules, /api/config, /api/apps and /api/agents from the stand-in).',
      '"Chart drawn" also waits for /api/series, /api/decisions and /api/history (s3rver) and the SVG chart.',
      `Includes playwright round trips; the stack: the example app (${stack.bundleKind} bundle) deployed by the deploy function from s3rver onto 3 stand-in agents.`,
      'Also writes docs/dashboard.png (after scaling the app up by one from the page).',
    ],
  });
  for (const figure of result.figures) console.log(`${figure.name}: ${figure.value} ${figure.unit}`);
} finally {
  await browser.close();
  await stack.stop();
}
