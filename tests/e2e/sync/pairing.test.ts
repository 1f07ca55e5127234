import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { chromiumAvailable } from '../../support/chromium.js';
import { lmsReady } from '../../support/lms-frame.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

/**
 * Connecting the real extension to the real tool (issue 6): in one click from the LMS UI (the
 * extension's pair.html asks the LMS page that opened it for the code, checks that it came from the
 * tool's own origin, asks who and where, connects; see pairing-phishing.test.ts for other sites), by typing the address and code, and the clear refusals of an expired
 * or replayed code. Tokens stay in the background.
 */
describe.skipIf(!chromiumAvailable())(
  'connecting the extension to a district in Chromium',
  { timeout: 180_000 },
  () => {
    let world: SyncWorld;
    let ana: TeacherBrowser;
    beforeAll(async () => {
      world = await startWorld({ toolEnv: { PAIRING_CODE_SECONDS: '60' } });
      ana = await world.browser();
    }, 180_000);
    afterAll(async () => world?.stop());

    async function lmsFrame(page: Page, user: string): Promise<Frame> {
      await page.goto(world.platform.launchPageUrl({ clientId: world.clientId, user, course: 'math-7' }));
      const origin = new URL(world.tool.url).origin;
      const frame = await eventually(
        async () => page.frames().find((f) => f.url().startsWith(origin)),
        'the tool frame',
      );
      await lmsReady(frame);
      await frame.getByRole('heading', { name: 'Practice library' }).waitFor();
      return frame;
    }

    it('connects in one click from the LMS, asking first who and where, with the code gone from the address bar', async () => {
      const lms = await ana.ext.context.newPage();
      const frame = await lmsFrame(lms, 'ana');
      await frame.getByRole('button', { name: 'Connect the extension' }).click();
      await frame.getByRole('button', { name: 'Get a connection code' }).click();
      // The LMS found the installed extension's pair.html (its pinned id is in the tool's configuration).
      const opened = ana.ext.context.waitForEvent('page');
      await frame.getByRole('button', { name: 'Connect this browser' }).click();
      const pair = await opened;
      await pair
        .getByRole('heading', { name: 'Connect this browser to Riverside Unified School District as Ana Lima?' })
        .waitFor();
      expect(new URL(pair.url()).hash).toBe('');
      expect(await pair.evaluate(() => history.length)).toBe(1);
      await pair.getByText(/Adaptations you share with “My course” go to .*Grade 7/).waitFor();
      // Where it connects, shown large, and what connecting sends: private adaptations stay unless chosen.
      expect(await pair.locator('.pair-address strong').textContent()).toBe(world.tool.url);
      await pair.getByRole('heading', { name: 'What connecting sends' }).waitFor();
      expect(await pair.getByLabel(/Also keep my private adaptations at this address/).isChecked()).toBe(false);
      await pair.getByRole('button', { name: 'Connect', exact: true }).click();
      await pair
        .getByRole('heading', { name: 'Connected to Riverside Unified School District as Ana Lima.' })
        .waitFor();

      // The LMS notices the new browser by itself; the extension shows the connection everywhere.
      await frame
        .getByText(/is connected\. Adaptations you share from it now reach your colleagues\./)
        .waitFor({ timeout: 30_000 });
      const status = await ana.command({ type: 'getSyncStatus' });
      expect(status).toMatchObject({
        ok: true,
        value: { connection: { state: 'connected', district: 'Riverside Unified School District', user: 'Ana Lima' } },
      });
      expect(JSON.stringify(status)).not.toMatch(/mga1\.|mgr1\./);
      const popup = await ana.ext.context.newPage();
      await popup.goto(`chrome-extension://${ana.ext.extensionId}/popup.html`);
      await popup.getByText(/^Synced/).waitFor();

      // Tokens live only in the background's database; a page's content script cannot ask for them.
      const [stored] = await ana
        .readStore<{ key: string; value: { accessToken: string } }>('settings')
        .then((rows) => rows.filter((r) => r.key === 'connection'));
      expect(stored!.value.accessToken).toMatch(/^mga1\./);
      await popup.close();
      await pair.close();
      await lms.close();
    });

    it('connects with a typed address and code, then disconnects (the district forgets the browser; local data stays)', async () => {
      const chloe = await world.browser();
      const { code, toolUrl } = await world.code('chloe', 'ela-plc');
      const pair = await chloe.ext.context.newPage();
      await pair.goto(`chrome-extension://${chloe.ext.extensionId}/pair.html`);
      await pair.getByLabel('Margins address').fill(toolUrl.replace(/^http:\/\//, 'http://'));
      await pair.getByLabel('Connection code').fill(code.toLowerCase().replace('-', ' '));
      await pair.getByRole('button', { name: 'Continue' }).click();
      await pair
        .getByRole('heading', { name: 'Connect this browser to Riverside Unified School District as Chloé Martin?' })
        .waitFor();
      await pair.getByLabel('Name of this browser (shown in your learning platform)').fill('Chloé <b>lab</b> PC');
      await pair.getByRole('button', { name: 'Connect', exact: true }).click();
      await pair
        .getByRole('heading', { name: 'Connected to Riverside Unified School District as Chloé Martin.' })
        .waitFor();
      const devices = await world.tool.services.db.knex('devices').whereNull('revoked_at').select('name');
      expect(devices.map((d: { name: string }) => d.name)).toContain('Chloé <b>lab</b> PC');

      const panel = await chloe.ext.context.newPage();
      await panel.goto(`chrome-extension://${chloe.ext.extensionId}/sidepanel.html?view=sharing`);
      await panel
        .getByRole('heading', { name: 'Connected to Riverside Unified School District as Chloé Martin.' })
        .waitFor();
      await panel.getByRole('button', { name: 'Disconnect' }).click();
      await panel.getByRole('button', { name: 'Yes, disconnect' }).click();
      await panel.getByText('This browser is no longer connected. Your adaptations are kept here.').waitFor();
      await panel.getByRole('heading', { name: 'Connect to your district' }).waitFor();
      expect(
        await world.tool.services.db
          .knex('devices')
          .where({ name: 'Chloé <b>lab</b> PC' })
          .whereNull('revoked_at')
          .count({ n: '*' })
          .first(),
      ).toMatchObject({ n: 0 });
      await chloe.close();
    });

    it('says plainly when a code was already used, is wrong, or has expired, and connects nothing', async () => {
      const ben = await world.browser();
      const { code, toolUrl } = await world.code('ben');
      await ben.pairTyped(toolUrl, code);
      const other = await world.browser();
      // Replayed: the same code again.
      const replay = await other.ext.context.newPage();
      await replay.goto(`chrome-extension://${other.ext.extensionId}/pair.html`);
      await replay.getByLabel('Margins address').fill(toolUrl);
      await replay.getByLabel('Connection code').fill(code);
      await replay.getByRole('button', { name: 'Continue' }).click();
      await replay
        .getByRole('alert')
        .filter({ hasText: 'That connection code was already used. Ask for a new code in your learning platform.' })
        .waitFor();
      // Wrong and malformed.
      await replay.getByLabel('Connection code').fill('ZZZZ-ZZZZ');
      await replay.getByRole('button', { name: 'Continue' }).click();
      await replay
        .getByRole('alert')
        .filter({ hasText: 'That connection code is wrong, expired or already used.' })
        .waitFor();
      await replay.getByLabel('Connection code').fill('12');
      await replay.getByRole('button', { name: 'Continue' }).click();
      await replay.getByRole('alert').filter({ hasText: 'The connection code has 8 letters and digits' }).waitFor();
      // Expired: the code's time is over (moved into the past in the database rather than waiting a minute).
      const fresh = await world.code('chloe', 'ela-plc');
      await world.tool.services.db
        .knex('pairing_codes')
        .whereNull('used_at')
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      await replay.getByLabel('Connection code').fill(fresh.code);
      await replay.getByRole('button', { name: 'Continue' }).click();
      await replay
        .getByRole('alert')
        .filter({ hasText: 'That connection code has expired. Ask for a new code in your learning platform.' })
        .waitFor();
      // Not a Margins address, and not https.
      await replay.getByLabel('Margins address').fill('http://example.org');
      await replay.getByRole('button', { name: 'Continue' }).click();
      await replay.getByRole('alert').filter({ hasText: 'The Margins address must start with https://.' }).waitFor();
      expect(await other.command({ type: 'getSyncStatus' })).toMatchObject({
        ok: true,
        value: { state: 'not-connected' },
      });
      await ben.close();
      await other.close();
    });

    it('refuses to connect inside a frame of another page (no clickjacking)', async () => {
      const b = await world.browser();
      const page = await b.ext.context.newPage();
      await page.goto(world.lessonUrl);
      await page.evaluate(
        (src) => {
          const f = document.createElement('iframe');
          f.src = src;
          f.style.width = '600px';
          f.style.height = '400px';
          document.body.append(f);
        },
        `chrome-extension://${b.ext.extensionId}/pair.html#tool=${encodeURIComponent(world.tool.url)}&code=ABCD-EFGH`,
      );
      const framed = await eventually(
        async () => page.frames().find((f) => f.url().startsWith('chrome-extension://')),
        'the framed pair page',
      );
      await framed.getByText('For your safety, connecting works only when this page is open in its own tab.').waitFor();
      expect(await framed.getByRole('button', { name: 'Continue' }).count()).toBe(0);
      await b.close();
    });
  },
);
