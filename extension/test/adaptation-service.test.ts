import { describe, expect, it } from 'vitest';
import { SyncChangeSchema } from '@margins/shared/api';
import { toSyncChange } from '../src/background/outbox-service.js';
import { CONTENT, makeBackground, PAGE, TARGET } from './support.js';

describe('AdaptationService', () => {
  it('stores a new adaptation under its canonical page URL and queues an upsert when created', async () => {
    const bg = makeBackground();
    const saved = await bg.adaptations.save({
      pageUrl: `${PAGE}?utm_source=mail#top`,
      pageTitle: 'Lesson 3',
      target: TARGET,
      content: CONTENT,
    });
    expect(saved.page.url).toBe(PAGE);
    expect(saved.version).toBe(1);
    expect(saved.author.id).toBe('local:teacher');
    expect((await bg.adaptations.listForPage(PAGE)).map((a) => a.id)).toEqual([saved.id]);
    const [row] = await bg.outbox.all();
    expect(row).toMatchObject({ op: 'upsert', adaptationId: saved.id, baseVersion: null, attempts: 0 });
    expect(SyncChangeSchema.parse(toSyncChange(row!))).toMatchObject({ op: 'upsert', adaptation: { id: saved.id } });
    expect(bg.changes).toEqual([PAGE]);
  });

  it('increments the version and replaces the queued change when an adaptation is edited before it was sent', async () => {
    const bg = makeBackground();
    const created = await bg.adaptations.save({ pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT });
    const edited = await bg.adaptations.save({
      pageUrl: PAGE,
      pageTitle: '',
      id: created.id,
      baseVersion: 1,
      target: TARGET,
      content: { ...CONTENT, body: 'Use fraction strips, then area models.' },
    });
    expect(edited).toMatchObject({
      id: created.id,
      version: 2,
      body: 'Use fraction strips, then area models.',
      createdAt: created.createdAt,
    });
    expect(edited.updatedAt > created.updatedAt).toBe(true);
    const queued = await bg.outbox.all();
    expect(queued.map((r) => [r.op, r.op === 'upsert' ? r.adaptation.version : null])).toEqual([['upsert', 2]]);
  });

  it('keeps a change that was already sent and queues the edit after it', async () => {
    const bg = makeBackground();
    const created = await bg.adaptations.save({ pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT });
    await bg.outbox.stamp(await bg.outbox.nextBatch(), async () => null);
    await bg.adaptations.save({
      pageUrl: PAGE,
      pageTitle: '',
      id: created.id,
      baseVersion: 1,
      target: TARGET,
      content: { ...CONTENT, body: 'Edited while the first push was on its way.' },
    });
    const queued = await bg.outbox.all();
    expect(queued.map((r) => [r.op, r.op === 'upsert' ? r.adaptation.version : null, !!r.sentAt])).toEqual([
      ['upsert', 1, true],
      ['upsert', 2, false],
    ]);
    // One change per adaptation in flight: the edit waits for the answer to the first.
    expect((await bg.outbox.nextBatch()).map((r) => (r.op === 'upsert' ? r.adaptation.version : null))).toEqual([1]);
  });

  it('refuses an edit made on an older version with a conflict', async () => {
    const bg = makeBackground();
    const created = await bg.adaptations.save({ pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT });
    await bg.adaptations.save({
      pageUrl: PAGE,
      pageTitle: '',
      id: created.id,
      baseVersion: 1,
      target: TARGET,
      content: CONTENT,
    });
    await expect(
      bg.adaptations.save({
        pageUrl: PAGE,
        pageTitle: '',
        id: created.id,
        baseVersion: 1,
        target: TARGET,
        content: CONTENT,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await bg.outbox.all()).map((r) => (r.op === 'upsert' ? r.adaptation.version : null))).toEqual([2]);
  });

  it('rejects hostile text and stores nothing when the content has active HTML', async () => {
    const bg = makeBackground();
    await expect(
      bg.adaptations.save({
        pageUrl: PAGE,
        pageTitle: '',
        target: TARGET,
        content: { ...CONTENT, body: 'Try <script>alert(1)</script>' },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', issues: [expect.objectContaining({ path: 'body' })] });
    expect(await bg.db.adaptations.count()).toBe(0);
    expect(await bg.db.outbox.count()).toBe(0);
  });

  it('moves a deleted adaptation to the trash, queues a delete, and restores it as a new version on undo', async () => {
    const bg = makeBackground();
    const created = await bg.adaptations.save({ pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT });
    await bg.adaptations.delete(created.id);
    expect(await bg.adaptations.listForPage(PAGE)).toEqual([]);
    const restored = await bg.adaptations.restore(created.id);
    expect(restored).toMatchObject({ id: created.id, version: 2, body: CONTENT.body });
    expect((await bg.adaptations.listForPage(PAGE)).map((a) => a.id)).toEqual([created.id]);
    const ops = (await bg.outbox.all()).map((r) => [r.op, r.adaptationId]);
    expect(ops).toEqual([['upsert', created.id]]);
    await expect(bg.adaptations.restore(created.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('moves an adaptation to a new passage when it is re-attached', async () => {
    const bg = makeBackground();
    const created = await bg.adaptations.save({ pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT });
    const moved = await bg.adaptations.reattach(created.id, {
      quote: { type: 'TextQuoteSelector', exact: 'area models', prefix: '', suffix: '' },
    });
    expect(moved).toMatchObject({ version: 2, target: { quote: { exact: 'area models' } } });
  });

  it('finds adaptations by any words of the text, passage or page title, ignoring case and accents', async () => {
    const bg = makeBackground();
    await bg.adaptations.save({ pageUrl: PAGE, pageTitle: 'Lección 3: fracciones', target: TARGET, content: CONTENT });
    await bg.adaptations.save({
      pageUrl: 'https://curriculum.example.org/other',
      pageTitle: 'Other',
      target: TARGET,
      content: { ...CONTENT, body: 'Exit ticket with two questions.' },
    });
    expect((await bg.adaptations.search('LECCION strips', 0, 10)).items.map((a) => a.page.title)).toEqual([
      'Lección 3: fracciones',
    ]);
    expect((await bg.adaptations.search('', 0, 10)).total).toBe(2);
    expect((await bg.adaptations.search('denominators exit', 0, 10)).items).toHaveLength(1);
    expect((await bg.adaptations.search('nothing-like-this', 0, 10)).total).toBe(0);
  });

  it('backs off a failed outbox push exponentially and forgets delivered changes', async () => {
    const bg = makeBackground();
    await bg.adaptations.save({ pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT });
    const [row] = await bg.outbox.due();
    await bg.outbox.failed([row!.idempotencyKey], 'offline');
    expect(await bg.outbox.due()).toEqual([]);
    const [after] = await bg.outbox.all();
    expect(after).toMatchObject({ attempts: 1, lastError: 'offline' });
    await bg.outbox.delivered([row!.idempotencyKey]);
    expect(await bg.outbox.all()).toEqual([]);
  });
});
