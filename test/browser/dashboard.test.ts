import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HeadlessBrowser, launchChromium, waitForText as waitForTextIn } from '#test/helpers/browser.ts';
import { type DashboardStack, startDashboardStack } from '#test/helpers/dashboard-fixture.ts';
import { waitFor } from '#test/helpers/wait-for.ts';

/**
 * The dashboard in a real headless Chromium against the running local stack: the example bundle uploaded to s3rver
 * and deployed by the deploy function onto the stand-in, a rejected upload, and the scale function's decision log. The page's load time is measured by
 * bench/dashboard.bench.ts, which also refreshes docs/dashboard.png; here the screenshot goes to a temp dir.
 */

const STUCK_APP = '/stuck';

describe('the dashboard in headless Chromium', { timeout: 60_000 }, () => {
  let stack: DashboardStack;
  let browser: HeadlessBrowser;
  let page: Page;
  let shotsDir: string;
  const consoleErrors: { text: string; url: string }[] = [];
  const foreignRequests: string[] = [];

  const row = (appId: string) => page.locator(`[data-testid="app-row"][data-app-id="${appId}"]`);

  const waitForText = (selector: string, text: string) => waitForTextIn(page, selector, text);

  beforeAll(async () => {
    shotsDir = await mkdtemp(path.join(tmpdir(), 'dashboard-shots-'));
    stack = await startDashboardStack();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    page.on('pageerror', (error) => consoleErrors.push({ text: `pageerror: ${error.message}`, url: '' }));
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.dashboard.url)) foreignRequests.push(request.url());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(shotsDir, { recursive: true, force: true });
  });

  it('shows the deployed app with its instance count, bundle digest, decisions and history', async () => {
    await page.goto(stack.dashboard.url, { waitUntil: 'load' });

    const app = `[data-testid="app-row"][data-app-id="${stack.appId}"]`;
    const initial = String(stack.initialInstances);
    await waitForText(`${app} [data-testid="configured"]`, initial);
    await waitForText(`${app} [data-testid="running"]`, initial);
    expect(stack.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await row(stack.appId).locator('[data-field="digest"]').textContent()).toBe(stack.digest.slice(0, 12));
    await page.locator('[data-testid="decision-row"]').first().waitFor();
    expect(await page.locator('[data-testid="decision-row"]').count()).toBe(9);
    expect(await page.locator('#decisions').textContent()).toContain('mean CPU 97.0 % vs target 60 %: 1 → 2');
    const history = await page.locator('#history').textContent();
    expect(history).toContain('BUNDLE_NOT_GZIP');
    expect(history).toContain('current');
    expect(await page.locator('[data-testid="history-row"]').count()).toBe(2);
    expect(await page.locator('#chart svg .mark.up').count()).toBe(2);
    expect(await page.locator('[data-testid="agent-card"]').count()).toBe(3);
  });

  it('scales the app from the page and shows the new count once Marathon runs it', async () => {
    const app = `[data-testid="app-row"][data-app-id="${stack.appId}"]`;
    const wanted = stack.initialInstances + 1;
    await row(stack.appId).locator('[data-testid="scale-input"]').fill(String(wanted));
    await row(stack.appId).locator('[data-testid="scale-button"]').click();

    await waitForText(`${app} [data-testid="configured"]`, String(wanted));
    await waitForText(`${app} [data-testid="running"]`, String(wanted));
    expect(await page.locator('#notice').textContent()).toContain(`Scaling ${stack.appId} to ${wanted}`);
    expect((await stack.marathon.getApp(stack.appId))?.instances).toBe(wanted);
    await stack.waitForInstances(wanted);

    const shot = path.join(shotsDir, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await readFile(shot)).subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it("shows Marathon's reason when a running deployment refuses the scale", async () => {
    // Never healthy (nothing listens), so its deployment stays open and Marathon answers 409 to a plain scale.
    await stack.marathon.putApp(STUCK_APP, {
      cmd: 'sleep 600',
      cpus: 0.01,
      mem: 16,
      instances: 1,
      healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0, intervalSeconds: 1, gracePeriodSeconds: 300 }],
    });
    await row(STUCK_APP).waitFor({ timeout: 10_000 });
    await row(STUCK_APP).locator('[data-testid="scale-input"]').fill('2');
    await row(STUCK_APP).locator('[data-testid="scale-button"]').click();

    await waitFor(async () => (await page.locator('#notice').getAttribute('class')) === 'error', {
      what: 'an error notice',
    });
    const notice = await page.locator('#notice').textContent();
    expect(notice).toContain(`Could not scale ${STUCK_APP}`);
    expect(notice).toMatch(/locked by deployment/);
    expect((await stack.marathon.getApp(STUCK_APP))?.instances).toBe(1);
    await stack.marathon.deleteApp(STUCK_APP, { force: true });
  });

  it('stops an agent from the page, shows its tasks running elsewhere, and starts it again', async () => {
    const app = `[data-testid="app-row"][data-app-id="${stack.appId}"]`;
    const running = String(stack.initialInstances + 1);
    // An agent running one of the app's tasks (the cell's tooltip lists the agents' full ids).
    const hosting = (await page.locator(`${app} [data-field="agents"]`).getAttribute('title')) ?? '';
    const agentId = hosting.split('\n')[0] as string;
    expect(agentId).not.toBe('');
    const agentCard = `[data-testid="agent-card"][data-agent-id="${agentId}"]`;
    await page.locator(`${agentCard} [data-testid="agent-stop"]`).click();

    await page.locator(`${agentCard} [data-testid="agent-start"]`).waitFor({ timeout: 10_000 });
    expect(stack.cluster.agents.find((agent) => agent.id === agentId)?.active).toBe(false);
    await waitFor(
      async () => {
        const agents = await page.locator(`${app} [data-field="agents"]`).getAttribute('title');
        return agents !== null && agents !== '' && !agents.includes(agentId);
      },
      { what: `no task of ${stack.appId} on the stopped agent`, timeoutMs: 20_000 },
    );
    await waitForText(`${app} [data-testid="running"]`, running);

    await page.locator(`${agentCard} [data-testid="agent-start"]`).click();
    await page.locator(`${agentCard} [data-testid="agent-stop"]`).waitFor({ timeout: 10_000 });
    expect(stack.cluster.agents.find((agent) => agent.id === agentId)?.active).toBe(true);
  });

  it('logged no console errors and asked nothing of any other origin', () => {
    // Chromium reports every non-2xx fetch on the console; the refused scale above is the one the page expects.
    const refusedScale = `/api/apps/${encodeURIComponent(STUCK_APP)}/scale`;
    const unexpected = consoleErrors.filter((e) => !(e.url.endsWith(refusedScale) && e.text.includes('409')));
    expect(unexpected).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
