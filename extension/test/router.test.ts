import { describe, expect, it } from 'vitest';
import { CONTENT, fromPage, fromPanel, makeBackground, PAGE, TARGET } from './support.js';

const save = (pageUrl = PAGE) => ({
  type: 'saveAdaptation',
  pageUrl,
  pageTitle: 'Lesson 3',
  target: TARGET,
  content: CONTENT,
});

describe('the background message protocol', () => {
  it('answers a valid command from the page with { ok: true, value } carrying only what the page needs', async () => {
    const { router } = makeBackground();
    const result = await router.handle(save(), fromPage());
    expect(result).toMatchObject({ ok: true, value: { version: 1, body: CONTENT.body } });
    const value = (result as { value: Record<string, unknown> }).value;
    expect(Object.keys(value).sort()).toEqual([
      'audience',
      'body',
      'id',
      'kinds',
      'rationale',
      'target',
      'updatedAt',
      'version',
      'visibility',
    ]);
    const list = await router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, fromPage());
    expect(list).toMatchObject({ ok: true, value: { adaptations: [{ id: value.id }], drafts: [] } });
  });

  it('answers validation_failed with field issues when a command is malformed', async () => {
    const { router } = makeBackground();
    expect(await router.handle({ type: 'saveAdaptation', pageUrl: PAGE }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await router.handle({ type: 'launchMissiles' }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await router.handle('not even an object', fromPage())).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    const result = await router.handle({ ...save(), content: { ...CONTENT, kinds: [] } }, fromPage());
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', issues: [expect.objectContaining({ path: 'content.kinds' })] },
    });
  });

  it('refuses when a page asks about another page', async () => {
    const { router } = makeBackground();
    const other = 'https://other.example.org/x';
    expect(await router.handle({ type: 'listPageAdaptations', pageUrl: other }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await router.handle(save(other), fromPage())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const created = (await router.handle(save(other), fromPanel())) as { ok: true; value: { id: string } };
    expect(created.ok).toBe(true);
    expect(await router.handle({ type: 'deleteAdaptation', id: created.value.id }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await router.handle({ type: 'deleteAdaptation', id: created.value.id }, fromPage(other))).toMatchObject({
      ok: true,
    });
  });

  it('lets the top frame of a single-page app speak for the address it moved to, but not a sub-frame', async () => {
    const { router } = makeBackground();
    const moved = `${PAGE}-b`;
    const topFrame = { id: 'margins-test', url: PAGE, frameId: 0, tab: { id: 7, url: moved } };
    expect(await router.handle({ type: 'listPageAdaptations', pageUrl: moved }, topFrame)).toMatchObject({ ok: true });
    expect(await router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, topFrame)).toMatchObject({ ok: true });
    const subFrame = { ...topFrame, frameId: 4, url: 'https://widgets.example.org/embed' };
    expect(await router.handle({ type: 'listPageAdaptations', pageUrl: moved }, subFrame)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('keeps the list of all adaptations, export, import and site settings for the extension pages', async () => {
    const { router } = makeBackground();
    for (const cmd of [
      { type: 'listAllAdaptations' },
      { type: 'exportAdaptations' },
      { type: 'importAdaptations', text: '[]' },
      { type: 'listEnabledSites' },
    ]) {
      expect(await router.handle(cmd, fromPage())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await router.handle(cmd, fromPanel())).toMatchObject({ ok: true });
    }
  });

  it('refuses messages from other extensions and from pages Margins cannot run on', async () => {
    const { router } = makeBackground();
    expect(
      await router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, { ...fromPage(), id: 'someone-else' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await router.handle(
        { type: 'listPageAdaptations', pageUrl: PAGE },
        { id: 'margins-test', url: 'chrome://settings' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('tells the loader how much a page has to show, and injects the full annotator into the asking tab', async () => {
    const { router, site } = makeBackground();
    expect(await router.handle({ type: 'summarisePage', pageUrl: PAGE }, fromPage())).toEqual({
      ok: true,
      value: { adaptations: 0, drafts: 0, injected: false },
    });
    expect(await router.handle({ type: 'loadAnnotator' }, fromPage())).toEqual({ ok: true, value: { injected: true } });
    expect(await router.handle({ type: 'loadAnnotator' }, fromPage())).toEqual({
      ok: true,
      value: { injected: false },
    });
    expect(site.injected).toEqual([7]);
    await router.handle(save(), fromPage());
    const other = { id: 'margins-test', url: PAGE, frameId: 0, tab: { id: 9, url: PAGE } };
    expect(await router.handle({ type: 'summarisePage', pageUrl: `${PAGE}#section-2` }, other)).toEqual({
      ok: true,
      value: { adaptations: 1, drafts: 0, injected: true },
    });
    expect(site.injected).toEqual([7, 9]);
    expect(
      await router.handle({ type: 'summarisePage', pageUrl: 'https://other.example.org/' }, fromPage()),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await router.handle({ type: 'loadAnnotator' }, fromPanel())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('leaves events alone when they are not commands', async () => {
    const { router } = makeBackground();
    expect(await router.handle({ type: 'anchorsReported', pageUrl: PAGE, statuses: {} }, fromPage())).toBeNull();
  });

  it('reports not_found when deleting twice and restores with Undo', async () => {
    const { router, outbox } = makeBackground();
    const created = (await router.handle(save(), fromPage())) as { ok: true; value: { id: string } };
    expect(await router.handle({ type: 'deleteAdaptation', id: created.value.id }, fromPage())).toMatchObject({
      ok: true,
      value: { pageUrl: PAGE },
    });
    expect(await router.handle({ type: 'deleteAdaptation', id: created.value.id }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await router.handle({ type: 'restoreAdaptation', id: created.value.id }, fromPage())).toMatchObject({
      ok: true,
      value: { version: 2 },
    });
    // Never sent, so each change replaced the one before: what the district gets is the adaptation as it is now.
    expect((await outbox.all()).map((r) => r.op)).toEqual(['upsert']);
  });

  it('stores a draft and lists it with the page when the tab comes back', async () => {
    const { router } = makeBackground();
    const draft = {
      key: `new|${PAGE}|120-139|unlike`,
      pageUrl: PAGE,
      target: TARGET,
      updatedAt: 'x',
      fields: {
        kinds: ['pacing'],
        body: 'Half typed',
        rationale: '',
        gradeBands: [],
        subjects: [],
        learnerNeeds: [],
        outcome: '',
        evidenceNote: '',
      },
    };
    expect(await router.handle({ type: 'saveDraft', draft }, fromPage())).toMatchObject({ ok: true });
    expect(await router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, fromPage())).toMatchObject({
      ok: true,
      value: { drafts: [{ key: draft.key, fields: { body: 'Half typed' } }] },
    });
    expect(
      await router.handle(
        { type: 'saveDraft', draft: { ...draft, pageUrl: 'https://other.example.org/' } },
        fromPage(),
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await router.handle({ type: 'discardDraft', key: draft.key }, fromPage())).toMatchObject({ ok: true });
    expect(await router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, fromPage())).toMatchObject({
      ok: true,
      value: { drafts: [] },
    });
  });

  it('answers storage_failed, not a crash, when the database fails', async () => {
    const { router, db } = makeBackground();
    db.close();
    const result = await router.handle(save(), fromPage());
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_failed' } });
  });
});
