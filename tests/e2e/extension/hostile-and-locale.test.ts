import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectText } from '../../support/annotator-ui.js';
import { lessonPage } from '../../support/curriculum-server.js';
import {
  highlighted,
  startBrowserHarness,
  testedBrowsers,
  type BrowserHarness,
} from '../../support/extension-harness.js';
import { attribute, textOf, waitFor } from '../../support/page-queries.js';

/** A page script that tries what a hostile page would: find Margins' UI and listen to keystrokes. */
const SPY = `<script>
  window.__seenKeys = [];
  window.__seenInput = [];
  document.addEventListener('keydown', (e) => window.__seenKeys.push(e.key));
  document.addEventListener('input', (e) => window.__seenInput.push(String(e.target && e.target.value)));
  window.__probe = () => {
    const host = document.querySelector('margins-annotator');
    return { host: !!host, shadowRoot: host ? host.shadowRoot : 'no host', text: document.body.innerText };
  };
</script>`;

/**
 * Hostile pages and the Spanish interface. Simulated in both browsers: the popup and side panel are
 * opened as tabs for the lesson's tab and 127.0.0.1 is granted at install (e2e build), as in the
 * other browser tests.
 */
describe.each(testedBrowsers())('hostile pages and the Spanish interface in $browser', ({ browser, available }) => {
  describe.skipIf(!available)('', { timeout: 90_000 }, () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      const strict = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'none'; script-src 'none'">`;
      h = await startBrowserHarness(browser, {
        pages: {
          '/hostile': lessonPage({ hostileCss: true, extra: SPY }),
          '/strict-csp': lessonPage().replace('<meta charset="utf-8">', `<meta charset="utf-8">${strict}`),
        },
      });
    }, 180_000);
    afterAll(async () => h?.close());

    it("keeps the UI intact under hostile CSS, hides the teacher's text from page scripts and renders it as text", async () => {
      const { page, ui, tabId } = await h.openLesson('/hostile');
      await h.enableSite(tabId);
      await selectText(page, '#p-models', 'unlike denominators');
      await ui.click('.adapt-button');
      await ui.waitFor('[role="dialog"]');
      const look = await ui.run<{ width: number; fontSize: string; color: string; display: string }>(`function() {
      const d = this.querySelector('[role="dialog"]'); const s = getComputedStyle(d);
      return { width: d.getBoundingClientRect().width, fontSize: getComputedStyle(this.querySelector('#mg-body')).fontSize, color: getComputedStyle(this.querySelector('h2')).color, display: s.display };
    }`);
      expect(look!.width).toBeGreaterThan(300);
      expect(look!.fontSize).toBe('15px');
      expect(look!.color).not.toBe('rgb(255, 0, 0)');
      expect(look!.display).toBe('flex');

      const hostileText = 'Show <b>bold</b> & "quotes" <i>verbatim</i>';
      await ui.click('input[name="kinds"][value="udl-accessibility"]');
      await ui.type('#mg-body', hostileText);
      await ui.click('button[type="submit"]');
      await ui.waitFor('[role="dialog"]', { hidden: true });
      await ui.click('.marker');
      await ui.waitFor('.note');
      expect(await ui.text('.note p')).toBe(hostileText);
      expect(await ui.count('.note b, .note i')).toBe(0);

      const seen = await page.evaluate(() => {
        const w = window as unknown as {
          __probe(): { host: boolean; shadowRoot: unknown; text: string };
          __seenKeys: string[];
          __seenInput: string[];
        };
        return { ...w.__probe(), keys: w.__seenKeys, input: w.__seenInput };
      });
      expect(seen.host).toBe(true);
      expect(seen.shadowRoot).toBeNull();
      expect(seen.text).not.toContain('verbatim');
      expect(seen.keys).toEqual([]);
      expect(seen.input).toEqual([]);
      await page.close();
    });

    it('works on a page whose Content-Security-Policy forbids every style and script', async () => {
      const { page, ui } = await h.openLesson('/strict-csp');
      await selectText(page, '#p-models', 'unlike denominators');
      await ui.click('.adapt-button');
      await ui.waitFor('[role="dialog"]');
      const box = await ui.run<{ display: string; width: number }>(
        `function() { const d = this.querySelector('[role="dialog"]'); return { display: getComputedStyle(d).display, width: d.getBoundingClientRect().width }; }`,
      );
      expect(box).toEqual({ display: 'flex', width: 440 });
      await ui.click('input[name="kinds"][value="pacing"]');
      await ui.type('#mg-body', 'Shorter launch.');
      await ui.click('button[type="submit"]');
      await ui.waitFor('.marker');
      expect(await highlighted(page)).toEqual(['unlike denominators']);
      await page.close();
    });

    it('refuses active HTML in the adaptation with a message next to the field', async () => {
      const { page, ui } = await h.openLesson('/hostile');
      await selectText(page, '#p-exit', 'exit ticket');
      await ui.click('.adapt-button');
      await ui.click('input[name="kinds"][value="pacing"]');
      await ui.type('#mg-body', 'Nice <script>alert(1)</script>');
      await ui.click('button[type="submit"]');
      await ui.waitFor('.errors');
      expect(await ui.text('#mg-body ~ .error')).toContain('contains script or other active HTML');
      expect(await ui.count('[role="dialog"]')).toBe(1);
      await page.close();
    });

    // Firefox: Debian's firefox-esr has no Spanish language pack, so its locale service is told
    // Spanish is available and wanted (chrome scope): the extension's own strings are what is tested.
    describe('with the browser in Spanish', () => {
      let es: BrowserHarness;
      beforeAll(async () => {
        es = await startBrowserHarness(browser, { locale: 'es' });
      }, 180_000);
      afterAll(async () => es?.close());

      it('speaks Spanish when the browser does', async () => {
        const { page, ui, tabId } = await es.openLesson();
        await es.enableSite(tabId);
        await selectText(page, '#p-models', 'unlike denominators');
        await ui.waitFor('.adapt-button');
        expect(await ui.text('.adapt-button')).toBe('Adaptar');
        await ui.click('.adapt-button');
        await ui.waitFor('[role="dialog"]');
        expect(await ui.text('#mg-form-title')).toBe('Nueva adaptación');
        expect(await ui.text('fieldset legend')).toBe('Tipo de adaptación');
        expect(
          await ui.run<string>(
            `function() { return this.querySelector('input[value="scaffolding"]').parentElement.textContent; }`,
          ),
        ).toBe('Andamiaje');
        await ui.click('input[name="kinds"][value="scaffolding"]');
        await ui.type('#mg-body', 'Tiras de fracciones primero.');
        await ui.click('button[type="submit"]');
        await ui.waitFor('[role="dialog"]', { hidden: true });
        const panel = await es.openPanel(tabId);
        await waitFor(panel, { text: '1 adaptación en esta página.' });
        await waitFor(panel, { role: 'tab', name: 'Todas mis adaptaciones' }, { timeout: 0 });
        expect(await attribute(panel, { css: 'html' }, 'lang')).toBe('es');
        expect(await textOf(panel, { css: '.chips' })).toBe('Andamiaje');
      });
    });
  });
});
