import { describe, expect, it } from 'vitest';
import type { Adaptation } from '@margins/shared/adaptation';
import type { SharedAdaptation } from '@margins/shared/api';
import { CONTENT, makeBackground, PAGE, TARGET } from './support.js';
import { errorBody, fakeDistrict, tokenPair } from './fake-district.js';
import { HELD_BACK_MS } from '../src/background/outbox-service.js';
import { HELD_BACK_SENTENCE } from '../src/background/sync-service.js';
import { statusLine } from '../src/sharing/SyncBadge.js';

const TOOL = 'http://127.0.0.1:3000';

/** A clock the test moves. */
function clock(start = Date.parse('2026-10-01T09:00:00Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    at: () => t,
  };
}

/** A background connected to a scripted district. */
async function connected(opts: { course?: { id: string; title: string } | null } = {}) {
  const district = fakeDistrict();
  const c = clock();
  const bg = makeBackground(undefined, { http: district.http, now: c.now });
  district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1, opts) }));
  district.on('GET /api/v1/sync/pull', () => ({ status: 200, body: { changes: [], cursor: 'c1', hasMore: false } }));
  await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome on Linux');
  return { bg, district, clock: c };
}

const save = (bg: ReturnType<typeof makeBackground>, body = CONTENT.body, extra: Record<string, unknown> = {}) =>
  bg.adaptations.save({
    pageUrl: PAGE,
    pageTitle: 'Lesson 3',
    target: TARGET,
    // Shared with the district: private ones stay in the browser unless the teacher chose otherwise (tested below).
    content: { ...CONTENT, visibility: 'district' as const, body },
    ...extra,
  });

/** The district's answer to a push: every change applied, as version `version`. */
const applyAll =
  (version = 1) =>
  (req: { body: { changes: { idempotencyKey: string; adaptation?: Adaptation }[] } }) => ({
    status: 200,
    body: {
      results: req.body.changes.map((ch) => ({
        idempotencyKey: ch.idempotencyKey,
        status: 'applied',
        current: ch.adaptation ? { ...ch.adaptation, version, author: { id: 'user-ana', name: 'Ana Lima' } } : null,
      })),
    },
  });

/** An adaptation as the district shows it to a viewer. */
function shared(a: Adaptation, extra: Partial<SharedAdaptation> = {}): SharedAdaptation {
  return {
    ...a,
    authorVisible: true,
    endorsementCount: 0,
    feedbackCount: 0,
    outcomes: {},
    myEndorsement: null,
    mine: false,
    networkStatus: 'none',
    ...extra,
  };
}

describe('SyncService', () => {
  it('pushes what was written before connecting, records the district version, and keeps colleagues apart from mine', async () => {
    const district = fakeDistrict();
    const c = clock();
    const bg = makeBackground(undefined, { http: district.http, now: c.now });
    const mine = await save(bg);
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair() }));
    district.on('POST /api/v1/sync/push', applyAll(1));
    const colleague = {
      ...mine,
      id: crypto.randomUUID(),
      author: { id: 'user-ben', name: 'Ben Okafor' },
      body: 'Ben wrote this.',
    };
    district.on('GET /api/v1/sync/pull', () => ({
      status: 200,
      body: {
        changes: [
          { op: 'upsert', adaptation: shared(colleague) },
          { op: 'upsert', adaptation: shared({ ...mine, version: 1 }, { mine: true }) },
        ],
        cursor: 'c7',
        hasMore: false,
      },
    }));
    await bg.connection.connect(TOOL, 'abcd efgh', 'Chrome');
    await bg.sync.sync();

    const [push] = district.to('/api/v1/sync/push');
    expect(push!.headers.authorization).toBe('Bearer mga1.device.1.mac');
    expect(push!.body.changes).toEqual([
      expect.objectContaining({
        op: 'upsert',
        baseVersion: null,
        adaptation: expect.objectContaining({ id: mine.id }),
      }),
    ]);
    expect(await bg.outbox.all()).toEqual([]);
    expect(await bg.db.adaptations.get(mine.id)).toMatchObject({
      syncedVersion: 1,
      adaptation: { body: CONTENT.body },
    });
    expect((await bg.db.shared.toArray()).map((r) => r.id)).toEqual([colleague.id]);
    expect(await bg.db.settings.get('syncCursor')).toMatchObject({ value: 'c7' });
    expect(await bg.sync.status()).toMatchObject({
      state: 'synced',
      pending: 0,
      connection: { state: 'connected', district: 'Riverside USD', user: 'Ana Lima', course: 'Grade 7 Math' },
    });
    // New adaptations are written as the connected person.
    expect((await save(bg, 'After connecting.')).author).toEqual({ id: 'user-ana', name: 'Ana Lima' });
  });

  it('sends a change again exactly as it was after a lost answer, backing off with jitter, and is done when the district says duplicate', async () => {
    const { bg, district, clock: c } = await connected();
    const a = await save(bg);
    district.on('POST /api/v1/sync/push', () => 'network-error');
    await bg.sync.sync();
    const [row] = await bg.outbox.all();
    expect(row).toMatchObject({
      attempts: 1,
      sentAt: expect.any(String),
      lastError: expect.stringContaining('Cannot reach Margins at 127.0.0.1:3000'),
    });
    expect(row!.nextAttemptAt - c.at()).toBe(750); // 1 s, with jitter between 0.5 and 1 (random 0.5 here)
    expect(bg.scheduled.at(-1)).toBe(row!.nextAttemptAt);
    expect(await bg.sync.status()).toMatchObject({ state: 'offline', pending: 1 });

    // Not due yet: nothing is sent.
    await bg.sync.sync();
    expect(district.to('/api/v1/sync/push')).toHaveLength(1);
    c.advance(1_000);
    district.on('POST /api/v1/sync/push', (req) => ({
      status: 200,
      body: {
        results: [
          { idempotencyKey: req.body.changes[0].idempotencyKey, status: 'duplicate', current: { ...a, version: 1 } },
        ],
      },
    }));
    await bg.sync.sync();
    const [first, second] = district.to('/api/v1/sync/push');
    expect(second!.body).toEqual(first!.body);
    expect(await bg.outbox.all()).toEqual([]);
    expect(await bg.sync.status()).toMatchObject({ state: 'synced' });
  });

  it('backs off exponentially (with jitter, at most an hour) when failures repeat', async () => {
    const { bg, clock: c } = await connected();
    await save(bg);
    const [row] = await bg.outbox.all();
    const delays: number[] = [];
    for (let i = 0; i < 14; i++) {
      await bg.outbox.failed([row!.idempotencyKey], 'unavailable');
      delays.push((await bg.outbox.all())[0]!.nextAttemptAt - c.at());
    }
    expect(delays.slice(0, 4)).toEqual([750, 1_500, 3_000, 6_000]);
    expect(Math.max(...delays)).toBe(2_700_000);
  });

  it('keeps both versions when the district has a newer one, and settles it as the teacher chooses', async () => {
    const { bg, district } = await connected();
    const a = await save(bg);
    district.on('POST /api/v1/sync/push', applyAll(1));
    await bg.sync.sync();
    await save(bg, 'Edited here.', { id: a.id, baseVersion: 1 });
    const theirs = { ...a, body: 'Edited on the tablet.', version: 2 };
    district.on('POST /api/v1/sync/push', (req) => ({
      status: 200,
      body: {
        results: [
          {
            idempotencyKey: req.body.changes[0].idempotencyKey,
            status: 'conflict',
            current: theirs,
            error: { code: 'conflict', message: 'Changed on another browser.' },
          },
        ],
      },
    }));
    await bg.sync.sync();
    expect(district.to('/api/v1/sync/push')[1]!.body.changes[0]).toMatchObject({ baseVersion: 1 });
    expect(await bg.outbox.all()).toEqual([]);
    const [conflict] = await bg.conflicts.list();
    expect(conflict).toMatchObject({
      adaptationId: a.id,
      mine: { body: 'Edited here.' },
      theirs: { body: 'Edited on the tablet.', version: 2 },
      message: 'Changed on another browser.',
    });
    expect(await bg.db.adaptations.get(a.id)).toMatchObject({ adaptation: { body: 'Edited here.' } });
    expect((await bg.adaptations.listPageViews(PAGE, true))[0]).toMatchObject({ sync: 'conflict' });
    expect(await bg.sync.status()).toMatchObject({ conflicts: 1 });

    // Keep mine: sent again on top of their version.
    await bg.conflicts.resolve(a.id, { choice: 'mine' });
    district.on('POST /api/v1/sync/push', applyAll(3));
    await bg.sync.sync();
    expect(district.to('/api/v1/sync/push')[2]!.body.changes[0]).toMatchObject({
      baseVersion: 2,
      adaptation: { body: 'Edited here.' },
    });
    expect(await bg.db.adaptations.get(a.id)).toMatchObject({ syncedVersion: 3 });
    expect(await bg.db.conflicts.count()).toBe(0);
  });

  it('takes their version or a merged one when the teacher chooses so, with the privacy guard on the merge', async () => {
    const { bg, district } = await connected();
    const a = await save(bg, 'Original.', { content: { ...CONTENT, body: 'Original.', visibility: 'district' } });
    const b = await save(bg, 'Second.');
    district.on('POST /api/v1/sync/push', applyAll(1));
    await bg.sync.sync();
    await save(bg, 'Mine A.', {
      id: a.id,
      baseVersion: 1,
      content: { ...CONTENT, body: 'Mine A.', visibility: 'district' },
    });
    await save(bg, 'Mine B.', { id: b.id, baseVersion: 1 });
    district.on('POST /api/v1/sync/push', (req) => ({
      status: 200,
      body: {
        results: req.body.changes.map((ch: { idempotencyKey: string; adaptation: Adaptation }) => ({
          idempotencyKey: ch.idempotencyKey,
          status: 'conflict',
          current: { ...ch.adaptation, body: 'Theirs.', version: 2 },
        })),
      },
    }));
    await bg.sync.sync();

    await bg.conflicts.resolve(b.id, { choice: 'theirs' });
    expect(await bg.db.adaptations.get(b.id)).toMatchObject({ syncedVersion: 2, adaptation: { body: 'Theirs.' } });
    expect(await bg.outbox.all()).toEqual([]);

    const merged = {
      ...CONTENT,
      body: 'Mine A, and theirs: ask my student Maria Lopez.',
      visibility: 'district' as const,
    };
    await expect(bg.conflicts.resolve(a.id, { choice: 'merged', content: merged })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [expect.objectContaining({ path: 'privacy.body' })],
    });
    expect(await bg.db.conflicts.count()).toBe(1);
    await bg.conflicts.resolve(a.id, {
      choice: 'merged',
      content: { ...merged, body: 'Mine A, with their sentence strips.' },
    });
    const [queued] = await bg.outbox.all();
    expect(queued).toMatchObject({ op: 'upsert', adaptation: { body: 'Mine A, with their sentence strips.' } });
    expect(await bg.db.adaptations.get(a.id)).toMatchObject({ syncedVersion: 2 });
  });

  it('keeps an adaptation the district refused, says why, and counts it as a problem', async () => {
    const { bg, district } = await connected({ course: null });
    const a = await save(bg, 'For my course.', {
      content: { ...CONTENT, body: 'For my course.', visibility: 'course' },
    });
    district.on('POST /api/v1/sync/push', (req) => ({
      status: 200,
      body: {
        results: [
          {
            idempotencyKey: req.body.changes[0].idempotencyKey,
            status: 'rejected',
            error: {
              code: 'validation_failed',
              message: 'Sharing with a course needs a browser connected from that course.',
            },
          },
        ],
      },
    }));
    await bg.sync.sync();
    expect(await bg.outbox.all()).toEqual([]);
    expect(await bg.conflicts.problems()).toEqual([
      expect.objectContaining({
        adaptationId: a.id,
        message: 'Sharing with a course needs a browser connected from that course.',
      }),
    ]);
    expect(await bg.sync.status()).toMatchObject({ problems: 1, state: 'synced' });
    expect((await bg.adaptations.listPageViews(PAGE, true))[0]).toMatchObject({ sync: 'problem' });
    // The next edit (say, to "My district") is sent again, and clears the problem when stored.
    district.on('POST /api/v1/sync/push', applyAll(1));
    await save(bg, 'For my district.', {
      id: a.id,
      baseVersion: 1,
      content: { ...CONTENT, body: 'For my district.', visibility: 'district' },
    });
    await bg.sync.sync();
    expect(await bg.sync.status()).toMatchObject({ problems: 0, pending: 0 });
  });

  it('keeps private adaptations in this browser unless the teacher chose to send them, and updates one the district already holds', async () => {
    const { bg, district } = await connected();
    district.on('POST /api/v1/sync/push', applyAll(1));
    const secret = await save(bg, 'Only for me.', {
      content: { ...CONTENT, body: 'Only for me.', visibility: 'private' },
    });
    const open = await save(bg, 'For my district.');
    await bg.sync.sync();
    const sent = district
      .to('/api/v1/sync/push')
      .flatMap((r) => r.body.changes.map((c: { adaptation: Adaptation }) => c.adaptation.id));
    expect(sent).toEqual([open.id]);
    expect(JSON.stringify(district.seen)).not.toContain('Only for me.');
    expect(await bg.outbox.all()).toEqual([]);
    expect(await bg.sync.status()).toMatchObject({ state: 'synced', pending: 0 });
    expect(await bg.db.adaptations.get(secret.id)).toMatchObject({ syncedVersion: null });
    // Made private after it was shared: the district is told, so colleagues stop seeing it.
    await save(bg, 'For my district.', {
      id: open.id,
      baseVersion: 1,
      content: { ...CONTENT, body: 'For my district.', visibility: 'private' },
    });
    await bg.sync.sync();
    expect(district.to('/api/v1/sync/push').at(-1)!.body.changes[0].adaptation).toMatchObject({
      id: open.id,
      visibility: 'private',
    });

    // The teacher's separate choice, when connecting: private ones are sent too.
    const other = fakeDistrict();
    const bg2 = makeBackground(undefined, { http: other.http });
    other.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(1) }));
    other.on('GET /api/v1/sync/pull', () => ({ status: 200, body: { changes: [], cursor: 'c1', hasMore: false } }));
    other.on('POST /api/v1/sync/push', applyAll(1));
    const mine = await save(bg2, 'Backed up privately.', {
      content: { ...CONTENT, body: 'Backed up privately.', visibility: 'private' },
    });
    await bg2.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome', true);
    await bg2.sync.sync();
    expect(other.to('/api/v1/sync/push')[0]!.body.changes[0].adaptation).toMatchObject({
      id: mine.id,
      visibility: 'private',
    });
  });

  it("keeps a change the district refused for its storage quota queued, says the district's sentence, and sends it later", async () => {
    const { bg, district, clock } = await connected();
    const a = await save(bg, 'Shared when there is room.', {
      content: { ...CONTENT, body: 'Shared when there is room.', visibility: 'district' },
    });
    const full =
      "Your district's storage for Margins is full (500,000 adaptations or 5,000 MB for the whole district). Ask your district admin to make room or raise the limit.";
    let pushes = 0;
    district.on('POST /api/v1/sync/push', (req) => {
      pushes++;
      return {
        status: 200,
        body: {
          results: req.body.changes.map((ch: { idempotencyKey: string }) => ({
            idempotencyKey: ch.idempotencyKey,
            status: 'rejected',
            error: { code: 'quota_exceeded', message: full },
          })),
        },
      };
    });
    await bg.sync.sync();
    const [waiting] = await bg.outbox.all();
    expect(waiting).toMatchObject({ adaptationId: a.id, lastErrorCode: 'quota_exceeded', sentAt: null });
    expect(waiting!.nextAttemptAt - clock.at()).toBeGreaterThanOrEqual(HELD_BACK_MS);
    const status = await bg.sync.status();
    expect(status).toMatchObject({ state: 'error', pending: 1, problems: 0, error: { code: 'quota_exceeded' } });
    expect(status.error!.message).toBe(`${full} ${HELD_BACK_SENTENCE}`);
    expect(statusLine(status)).toContain("Your district's storage for Margins is full");
    expect((await bg.db.adaptations.get(a.id))?.syncProblem ?? null).toBeNull();
    // Not sent again before its time, even when a sync runs.
    await bg.sync.sync();
    expect(pushes).toBe(1);
    // Room was made: the same change goes later, and the status is clear again.
    district.on('POST /api/v1/sync/push', applyAll(1));
    district.on('POST /api/v1/auth/refresh', () => ({ status: 200, body: tokenPair(2) }));
    clock.advance(HELD_BACK_MS * 3);
    await bg.sync.sync();
    expect(await bg.outbox.all()).toEqual([]);
    expect(await bg.sync.status()).toMatchObject({ state: 'synced', pending: 0, error: null });
  });

  it('never overwrites a waiting local edit with a pull, takes my changes from another browser otherwise, and applies removals', async () => {
    const { bg, district } = await connected();
    const waiting = await save(bg, 'Waiting here.');
    const quiet = await save(bg, 'Quiet here.');
    district.on('POST /api/v1/sync/push', applyAll(1));
    await bg.sync.sync();
    await save(bg, 'Edited here, not sent yet.', { id: waiting.id, baseVersion: 1 });
    const colleague = shared({ ...waiting, id: crypto.randomUUID(), body: 'A colleague.' });
    // The edit is still waiting (backing off) when the pull brings the tablet's versions.
    await bg.db.outbox.toCollection().modify((r) => {
      r.nextAttemptAt = Number.MAX_SAFE_INTEGER;
    });
    district.on('GET /api/v1/sync/pull', () => ({
      status: 200,
      body: {
        changes: [
          {
            op: 'upsert',
            adaptation: shared(
              { ...waiting, body: 'From the tablet.', version: 2 },
              { mine: true, endorsementCount: 2, outcomes: { 'worked-well': 2 } },
            ),
          },
          {
            op: 'upsert',
            adaptation: shared({ ...quiet, body: 'Quiet, edited on the tablet.', version: 2 }, { mine: true }),
          },
          { op: 'upsert', adaptation: colleague },
        ],
        cursor: 'c2',
        hasMore: false,
      },
    }));
    await bg.sync.sync();
    expect(await bg.db.adaptations.get(waiting.id)).toMatchObject({
      adaptation: { body: 'Edited here, not sent yet.' },
      social: { endorsementCount: 2 },
    });
    expect(await bg.db.adaptations.get(quiet.id)).toMatchObject({
      syncedVersion: 2,
      adaptation: { body: 'Quiet, edited on the tablet.' },
    });
    expect((await bg.db.adaptations.get(quiet.id))!.adaptation.version).toBeGreaterThan(quiet.version);
    expect(await bg.db.shared.get(colleague.id)).toBeTruthy();

    district.on('GET /api/v1/sync/pull', () => ({
      status: 200,
      body: {
        changes: [
          { op: 'remove', id: quiet.id },
          { op: 'remove', id: colleague.id },
          { op: 'remove', id: waiting.id },
        ],
        cursor: 'c3',
        hasMore: false,
      },
    }));
    await bg.sync.sync();
    expect(await bg.db.adaptations.get(quiet.id)).toBeUndefined();
    expect(await bg.db.shared.get(colleague.id)).toBeUndefined();
    expect(await bg.db.adaptations.get(waiting.id)).toBeTruthy(); // my waiting edit goes to the district, which decides
  });

  it('pulls page after page and starts over when the district no longer knows the cursor', async () => {
    const { bg, district } = await connected();
    const a = await save(bg);
    district.on('POST /api/v1/sync/push', applyAll(1));
    const pages: Record<string, unknown> = {
      '': {
        changes: [{ op: 'upsert', adaptation: shared({ ...a, id: crypto.randomUUID() }) }],
        cursor: 'p1',
        hasMore: true,
      },
      p1: {
        changes: [{ op: 'upsert', adaptation: shared({ ...a, id: crypto.randomUUID() }) }],
        cursor: 'p2',
        hasMore: false,
      },
    };
    await bg.db.settings.put({ key: 'syncCursor', value: 'gone' });
    district.on('GET /api/v1/sync/pull', (req) => {
      const cursor = req.query.get('cursor') ?? '';
      if (cursor === 'gone')
        return { status: 400, body: errorBody('validation_failed', 'The sync position (cursor) is not valid.') };
      return { status: 200, body: pages[cursor] };
    });
    await bg.sync.sync();
    expect(district.to('/api/v1/sync/pull').map((r) => r.query.get('cursor'))).toEqual(['gone', null, 'p1']);
    expect(await bg.db.shared.count()).toBe(2);
    expect(await bg.db.settings.get('syncCursor')).toMatchObject({ value: 'p2' });
  });

  it('reads everything again after the district compacted its feed, keeping every change of mine it has not got', async () => {
    const { bg, district } = await connected();
    district.on('POST /api/v1/sync/push', applyAll(1));
    const mineKept = await save(bg, 'Still in the district.');
    const mineGone = await save(bg, 'Deleted in my other browser.');
    const mineEdited = await save(bg, 'Edited here while away.');
    const colleagueKept = colleagueAdaptation();
    const colleagueGone = { ...colleagueAdaptation(), id: crypto.randomUUID() };
    district.on('GET /api/v1/sync/pull', () => ({
      status: 200,
      body: {
        changes: [colleagueKept, colleagueGone].map((a) => ({ op: 'upsert', adaptation: shared(a) })),
        cursor: 'c5',
        hasMore: false,
      },
    }));
    await bg.sync.sync();
    expect(await bg.db.shared.count()).toBe(2);

    // Away past the district's horizon: an edit and a new adaptation wait here; the district cannot take them yet.
    await save(bg, 'Edited offline.', { id: mineEdited.id, baseVersion: 1 });
    const fresh = await save(bg, 'Written offline.');
    district.on('POST /api/v1/sync/push', (req) => ({
      status: 200,
      body: {
        results: req.body.changes.map((ch: { idempotencyKey: string }) => ({
          idempotencyKey: ch.idempotencyKey,
          status: 'rejected',
          error: { code: 'quota_exceeded', message: 'Full for now.' },
        })),
      },
    }));
    const snapshot = {
      changes: [
        { op: 'upsert', adaptation: shared(colleagueKept) },
        { op: 'upsert', adaptation: shared({ ...mineKept, version: 1 }, { mine: true }) },
      ],
      cursor: 'c9',
      hasMore: false,
    };
    district.on('GET /api/v1/sync/pull', (req) =>
      req.query.get('cursor') === 'c5'
        ? { status: 410, body: errorBody('resync_required', 'Pull again from the start, without a cursor.') }
        : { status: 200, body: snapshot },
    );
    await bg.sync.sync();

    expect(
      district
        .to('/api/v1/sync/pull')
        .map((r) => r.query.get('cursor'))
        .slice(-2),
    ).toEqual(['c5', null]);
    expect((await bg.db.shared.toArray()).map((r) => r.id)).toEqual([colleagueKept.id]);
    expect(await bg.db.adaptations.get(mineGone.id)).toBeUndefined();
    expect(await bg.db.adaptations.get(mineKept.id)).toBeTruthy();
    expect((await bg.db.adaptations.get(mineEdited.id))?.adaptation.body).toBe('Edited offline.');
    expect((await bg.db.adaptations.get(fresh.id))?.adaptation.body).toBe('Written offline.');
    expect((await bg.outbox.all()).map((r) => r.adaptationId).sort()).toEqual([mineEdited.id, fresh.id].sort());
    expect(await bg.db.settings.get('resyncUnseen')).toBeUndefined();
    expect(await bg.db.settings.get('syncCursor')).toMatchObject({ value: 'c9' });
  });

  it('splits a push the district finds too large', async () => {
    const { bg, district } = await connected();
    for (let i = 0; i < 4; i++) await save(bg, `Adaptation ${i}`);
    district.on('POST /api/v1/sync/push', (req) =>
      req.body.changes.length > 1
        ? { status: 413, body: errorBody('payload_too_large', 'That request is too large.') }
        : applyAll(1)(req),
    );
    await bg.sync.sync();
    expect(await bg.outbox.all()).toEqual([]);
    expect(district.to('/api/v1/sync/push').map((r) => r.body.changes.length)).toEqual([4, 2, 1, 1, 1, 1]);
  });

  it('says clearly that the district disconnected this browser, and keeps every adaptation and waiting change', async () => {
    const { bg, district } = await connected();
    district.on('GET /api/v1/sync/pull', () => ({
      status: 200,
      body: { changes: [{ op: 'upsert', adaptation: shared(colleagueAdaptation()) }], cursor: 'c1', hasMore: false },
    }));
    await bg.sync.sync();
    expect(await bg.db.shared.count()).toBe(1);
    const a = await save(bg);
    district.on('POST /api/v1/sync/push', () => ({
      status: 401,
      body: errorBody(
        'token_revoked',
        'This browser was disconnected from your district. Connect it again to keep sharing.',
      ),
    }));
    await bg.sync.sync();
    expect(await bg.connection.view()).toMatchObject({
      state: 'disconnected',
      district: 'Riverside USD',
      user: 'Ana Lima',
      reason: 'This browser was disconnected from your district. Connect it again to keep sharing.',
    });
    expect(await bg.sync.status()).toMatchObject({ state: 'disconnected', pending: 1 });
    expect(await bg.db.adaptations.get(a.id)).toBeTruthy();
    expect(await bg.db.shared.count()).toBe(0);
    // Connecting again (same person) shares what waited.
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(2) }));
    district.on('POST /api/v1/sync/push', applyAll(1));
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    await bg.sync.sync();
    expect(await bg.outbox.all()).toEqual([]);
  });

  it('keeps what was synced when the same person of the same district connects again after disconnecting', async () => {
    const { bg, district } = await connected();
    const a = await save(bg);
    district.on('POST /api/v1/sync/push', applyAll(1));
    district.on('POST /api/v1/auth/disconnect', () => ({ status: 200, body: { revoked: true } }));
    await bg.sync.sync();
    await bg.connection.disconnect();
    district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair(2) }));
    await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
    expect(await bg.db.adaptations.get(a.id)).toMatchObject({ syncedVersion: 1 });
    expect(await bg.outbox.all()).toEqual([]);
  });

  it("queues every adaptation again for a new district or person, and forgets the old district's colleagues", async () => {
    const { bg, district } = await connected();
    const a = await save(bg);
    district.on('POST /api/v1/sync/push', applyAll(1));
    await bg.sync.sync();
    await bg.db.shared.put({
      id: crypto.randomUUID(),
      pageUrl: PAGE,
      adaptation: shared({ ...a, id: crypto.randomUUID() }),
    });
    const gone = await save(bg, 'Deleted here before switching.');
    await bg.adaptations.delete(gone.id);
    district.on('POST /api/v1/pairing/exchange', () => ({
      status: 200,
      body: { ...tokenPair(2), tenant: { id: 'tenant-2', name: 'Lakeside' } },
    }));
    await bg.connection.connect('https://margins.lakeside.example', 'ABCD-EFGH', 'Chrome');
    expect(await bg.db.shared.count()).toBe(0);
    expect(await bg.db.adaptations.get(a.id)).toMatchObject({ syncedVersion: null });
    expect((await bg.outbox.all()).map((r) => r.adaptationId)).toEqual([a.id]);
  });
});

function colleagueAdaptation(): Adaptation {
  return {
    id: crypto.randomUUID(),
    author: { id: 'user-ben' },
    page: { url: PAGE, title: '' },
    target: TARGET,
    kinds: ['pacing'],
    body: 'x',
    rationale: '',
    audience: { gradeBands: [], subjects: [], learnerNeeds: [] },
    visibility: 'district',
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-10-01T09:00:00.000Z',
    version: 1,
  };
}
