import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { waitFor } from './wait-for.ts';

/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_HINT = 'apt-get update && apt-get install -y chromium';

/** No network beyond what the page asks for, no background updates, no GPU: quiet and offline. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh profile in a temp dir. Throws (never skips) when Chromium is missing, naming
 * the command that installs it.
 */
async function launchChromium(
  options: { width?: number; height?: number; executablePath?: string } = {},
): Promise<HeadlessBrowser> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not installed at ${executablePath}; install it with: ${INSTALL_HINT}`);
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'chromium-profile-'));
  try {
    // A persistent context is how playwright takes a user-data-dir; the dir is new, so the profile is fresh.
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      timeout: 30_000,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Waits until the first element matching `selector` reads `text` (trimmed); the page polls, so give it time. */
async function waitForText(page: Page, selector: string, text: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await page.locator(selector).first().textContent({ timeout: 1_000 }))?.trim() === text, {
    timeoutMs,
    intervalMs: 50,
    what: `"${text}" in ${selector}`,
  });
}

export type { HeadlessBrowser };
export { CHROMIUM_ARGS, CHROMIUM_PATH, INSTALL_HINT, launchChromium, waitForText };
