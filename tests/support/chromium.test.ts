import { describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium.js';

describe.skipIf(!chromiumAvailable())('the browser-test setup', () => {
  it('starts headless Chromium and renders a page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="p">Margins</p>');
      expect(await page.textContent('#p')).toBe('Margins');
      expect(await page.evaluate(() => typeof CSS !== 'undefined' && 'highlights' in CSS)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
