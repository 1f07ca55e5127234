import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../support/chromium.js';
import { eventually, startWorld, type SyncWorld, type TeacherBrowser } from './world.js';

const TARGET = {
  quote: {
    type: 'TextQuoteSelector' as const,
    exact: 'unlike denominators',
    prefix: 'Students add fractions with ',
    suffix: ' using area models',
  },
};
const content = (body: string) => ({
  kinds: ['scaffolding'],
  body,
  rationale: '',
  audience: { gradeBands: [], subjects: [], learnerNeeds: [] },
  visibility: 'district',
});

/**
 * Issue 16, item 5, in Chromium: Ana's laptop is shut with a change it could not share, for longer than
 * the district keeps its change feed (a compaction pass with a zero horizon stands in for the months);
 * meanwhile Ben edits, deletes and adds. When the laptop comes back, the district answers its old
 * position with `resync_required`; the extension reads everything again, drops Ben's deleted one (which
 * no feed entry can tell it about any more), and shares Ana's waiting change: nothing of hers is lost.
 */
describe.skipIf(!chromiumAvailable())('a browser that syncs after the compaction horizon', { timeout: 240_000 }, () => {
  let world: SyncWorld;
  let ana: TeacherBrowser;
  let ben: TeacherBrowser;
  beforeAll(async () => {
    world = await startWorld();
    [ana, ben] = await Promise.all([world.browser(), world.browser()]);
    for (const [b, who] of [
      [ana, 'ana'],
      [ben, 'ben'],
    ] as const) {
      const code = await world.code(who);
      await (await b.pairTyped(code.toolUrl, code.code)).close();
    }
  }, 180_000);
  afterAll(async () => world?.stop());

  const save = async (b: TeacherBrowser, body: string, extra: Record<string, unknown> = {}) => {
    const r = await b.command<{ id: string; version: number }>({
      type: 'saveAdaptation',
      pageUrl: world.lessonUrl,
      pageTitle: 'Lesson 3',
      target: TARGET,
      content: content(body),
      ...extra,
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const syncNow = async (b: TeacherBrowser) => {
    const r = await b.command<{ pending: number; state: string }>({ type: 'syncNow' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const bodies = async (b: TeacherBrowser, store: 'adaptations' | 'shared') =>
    (await b.readStore<{ adaptation: { body: string } }>(store)).map((r) => r.adaptation.body).sort();

  it('reads everything again, drops what the district no longer has, and shares the change that waited', async () => {
    await save(ana, 'Ana: fraction strips first.');
    const b1 = await save(ben, 'Ben: a number line warm-up.');
    const b2 = await save(ben, 'Ben: pairs explain to each other.');
    await syncNow(ben);
    expect(await syncNow(ana)).toMatchObject({ pending: 0, state: 'synced' });
    expect(await bodies(ana, 'shared')).toEqual(['Ben: a number line warm-up.', 'Ben: pairs explain to each other.']);

    // Ana writes while her district cannot be reached, then shuts the laptop with the change waiting.
    await world.toolDown();
    await save(ana, 'Ana: written on the train, not shared yet.');
    await eventually(async () => (await ana.command<{ state: string }>({ type: 'getSyncStatus' })).ok, 'a status');
    expect(await ana.readStore('outbox')).toHaveLength(1);
    const profile = ana.profileDir;
    await ana.close(true);
    await world.toolUp();

    // Months pass: Ben edits one, deletes the other, adds a third; the district compacts its feed.
    await save(ben, 'Ben: a number line warm-up, with a timer.', { id: b1.id, baseVersion: b1.version });
    expect(await ben.command({ type: 'deleteAdaptation', id: b2.id })).toMatchObject({ ok: true });
    await save(ben, 'Ben: exit ticket with two questions.');
    expect(await syncNow(ben)).toMatchObject({ pending: 0 });
    const pass = await world.tool.services.retention.runOnce({ feedHorizonMs: 0 });
    expect(pass!.feed.removed).toBeGreaterThan(0);
    expect(await world.tool.services.db.knex('adaptation_changes').count({ n: '*' })).toEqual([{ n: 0 }]);

    // The laptop comes back.
    ana = await world.browser({ profileDir: profile });
    expect(await syncNow(ana)).toMatchObject({ pending: 0, state: 'synced' });
    expect(await bodies(ana, 'adaptations')).toEqual([
      'Ana: fraction strips first.',
      'Ana: written on the train, not shared yet.',
    ]);
    expect(await bodies(ana, 'shared')).toEqual([
      'Ben: a number line warm-up, with a timer.',
      'Ben: exit ticket with two questions.',
    ]);
    const resync = await ana.readStore<{ key: string }>('settings');
    expect(resync.map((r) => r.key)).not.toContain('resyncUnseen');
    // The district has Ana's waiting change, and Ben sees it.
    const stored: { json: string }[] = await world.tool.services.db.knex('adaptations').where({ deleted: false });
    expect(stored.map((r) => (JSON.parse(r.json) as { body: string }).body)).toContain(
      'Ana: written on the train, not shared yet.',
    );
    await syncNow(ben);
    expect(await bodies(ben, 'shared')).toEqual([
      'Ana: fraction strips first.',
      'Ana: written on the train, not shared yet.',
    ]);
  });
});
