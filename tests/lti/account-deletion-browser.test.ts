import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Frame } from 'playwright-core';
import { chromiumAvailable } from '../support/chromium.js';
import {
  type LmsInChromium,
  lmsReady,
  seriousViolations,
  startLmsInChromium,
  toolFrame,
} from '../support/lms-frame.js';
import { chooseNavItem } from '../support/lms-views.js';

/**
 * Issue 16, item 4 in the LMS UI (Chromium): a teacher deletes her own account from My data through
 * a dialog that works from the keyboard (Escape cancels and gives focus back, nothing happens until a
 * choice is made and the word is typed), in English and in Spanish; a district admin deletes the
 * account of a teacher who left from "Delete an account".
 */
const run = chromiumAvailable() ? describe : describe.skip;
run('deleting an account in the LMS (Chromium)', { timeout: 180_000 }, () => {
  let stack: LmsInChromium;
  const contexts: BrowserContext[] = [];
  const deletedAt = async (sub: string) =>
    (await stack.tool.services.db.knex('users').where({ sub }).first('deleted_at'))?.deleted_at as string | undefined;
  /** Deleted accounts so far; each step counts its own, so a retried step does not fail the next one. */
  const deletedRows = async () =>
    ((await stack.tool.services.db.knex('users').whereNotNull('deleted_at').select('id')) as unknown[]).length;

  beforeAll(async () => {
    stack = await startLmsInChromium();
    expect((await stack.platform.launch({ clientId: stack.clientId, user: 'ana', course: 'ela-plc' })).status).toBe(
      200,
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await stack?.stop();
  });

  async function open(user: string, opts: { locale?: string; admin?: boolean } = {}): Promise<Frame> {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(
      stack.platform.launchPageUrl({
        clientId: stack.clientId,
        user,
        ...(opts.admin ? { placement: 'account_navigation' as const } : { course: 'ela-plc' }),
        ...(opts.locale ? { locale: opts.locale } : {}),
      }),
    );
    const frame = await toolFrame(page, stack.tool.url);
    await lmsReady(frame);
    return frame;
  }

  it('lets a teacher delete her own account from My data, by keyboard, after confirming', async () => {
    const before = await deletedRows();
    const frame = await open('chloe');
    await chooseNavItem(frame, 'My data');
    const opener = frame.getByRole('button', { name: 'Delete my account…' });
    await opener.focus();
    await frame.page().keyboard.press('Enter');
    const dialog = frame.getByRole('dialog', { name: 'Delete your Margins account?' });
    await dialog.waitFor();
    expect(await frame.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await seriousViolations(frame)).toEqual([]);
    await frame.page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('md-delete');

    await frame.page().keyboard.press('Enter');
    await dialog.waitFor();
    const submit = async () => {
      await frame.locator('#del-submit').focus();
      await frame.page().keyboard.press('Enter');
    };
    await submit();
    await frame.getByText('Choose what happens to the recognition badges first.').waitFor();
    await frame.getByLabel('Keep them valid (the district removes them from its wall and keeps no copy)').check();
    await frame.getByLabel('Type DELETE to confirm').fill('delete it');
    await submit();
    await frame.getByText('Type DELETE in the box to confirm.').waitFor();
    expect(await deletedAt('chloe')).toBeNull(); // still there, not deleted
    await frame.getByLabel('Type DELETE to confirm').fill('DELETE');
    await submit();
    await frame.getByRole('heading', { name: 'Your account was deleted' }).waitFor();
    expect(await frame.evaluate(() => document.activeElement?.textContent)).toBe('Your account was deleted');
    expect(await frame.getByText(/^Deleted: 0 adaptations withdrawn/).count()).toBe(1);
    // Her LMS user id is no longer on any row: the next launch starts a new account.
    expect(await deletedAt('chloe')).toBeUndefined();
    expect(await deletedRows()).toBe(before + 1);
  });

  it('asks in Spanish for the Spanish word', async () => {
    const frame = await open('ben', { locale: 'es-MX' });
    await chooseNavItem(frame, 'Mis datos');
    await frame.getByRole('button', { name: 'Eliminar mi cuenta…' }).click();
    await frame.getByRole('dialog', { name: '¿Eliminar tu cuenta de Margins?' }).waitFor();
    await frame.getByLabel('Escribe BORRAR para confirmar').waitFor();
    await frame.getByRole('button', { name: 'Cancelar' }).click();
    expect(await deletedAt('ben')).toBeNull();
  });

  it('lets a district admin delete the account of a teacher who left', async () => {
    const before = await deletedRows();
    const frame = await open('dana', { admin: true });
    await chooseNavItem(frame, 'Delete an account');
    await frame.getByLabel('Name or email').fill('Ana');
    await frame.getByLabel('Name or email').press('Enter');
    await frame.getByRole('button', { name: 'Delete the account of Ana Lima…' }).click();
    await frame.getByRole('dialog', { name: 'Delete the Margins account of Ana Lima?' }).waitFor();
    await frame.getByLabel('Revoke them (verifiers will see them as revoked)').check();
    await frame.getByLabel('Type DELETE to confirm').fill('DELETE');
    await frame.getByRole('button', { name: 'Delete this account' }).focus();
    await frame.page().keyboard.press('Enter');
    await frame.getByText(/^The account of Ana Lima was deleted\./).waitFor();
    expect(await frame.getByRole('button', { name: 'Delete the account of Ana Lima…' }).count()).toBe(0);
    expect(await deletedAt('ana')).toBeUndefined();
    expect(await deletedRows()).toBe(before + 1);
  });
});
