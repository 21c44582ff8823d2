import { describe, expect, it } from 'vitest';
import { launchChromium } from '#test/helpers/browser.ts';

describe('launchChromium (the browser test helper)', () => {
  it('fails, naming the apt-get command, when Chromium is not installed', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      'install it with: apt-get update && apt-get install -y chromium',
    );
  });
});
