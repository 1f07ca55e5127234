import { describe, expect, it } from 'vitest';
import type { Adaptation } from '@margins/shared/adaptation';
import type { SharedAdaptation } from '@margins/shared/api';
import { CONTENT, fromPage, fromPanel, makeBackground, PAGE, TARGET } from './support.js';
import { errorBody, fakeDistrict, tokenPair } from './fake-district.js';

const TOOL = 'http://127.0.0.1:3000';
const OTHER_PAGE = 'https://curriculum.example.org/grade-5/fractions/lesson-4';

function colleague(extra: Partial<SharedAdaptation> = {}, page = PAGE): SharedAdaptation {
  const a: Adaptation = {
    id: crypto.randomUUID(),
    author: { id: 'user-ben', name: 'Ben Okafor' },
    page: { url: page, title: 'Lesson' },
    target: TARGET,
    kinds: ['pacing'],
    body: 'Give two days to it.',
    rationale: 'They needed the time.',
    audience: { gradeBands: [], subjects: [], learnerNeeds: [] },
    visibility: 'district',
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-10-01T09:00:00.000Z',
    version: 1,
  };
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

async function connectedWith(found: SharedAdaptation[]) {
  const district = fakeDistrict();
  const bg = makeBackground(undefined, { http: district.http });
  district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair() }));
  district.on('GET /api/v1/sync/pull', () => ({
    status: 200,
    body: { changes: found.map((adaptation) => ({ op: 'upsert', adaptation })), cursor: 'c1', hasMore: false },
  }));
  district.on('GET /api/v1/pages/adaptations', () => ({
    status: 200,
    body: { url: PAGE, adaptations: found.filter((a) => a.page.url === PAGE) },
  }));
  await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
  await bg.sync.sync();
  return { bg, district };
}

describe("colleagues' adaptations on the page", () => {
  it('gives the page only what it draws, with the author as the district allows and where sharing can go', async () => {
    const named = colleague({ endorsementCount: 2, outcomes: { 'worked-well': 2 } });
    const hidden = colleague({ author: { id: 'colleague' }, authorVisible: false });
    const network = colleague({ author: { id: 'network' }, authorVisible: false, visibility: 'network' });
    const { bg } = await connectedWith([named, hidden, network, colleague({}, OTHER_PAGE)]);
    const result = await bg.router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, fromPage());
    expect(result).toMatchObject({
      ok: true,
      value: { sharing: { connected: true, district: 'Riverside USD', course: 'Grade 7 Math' } },
    });
    const list = (result as { value: { colleagues: Record<string, unknown>[] } }).value.colleagues;
    expect(list).toHaveLength(3);
    const byId = new Map(list.map((c) => [c.id, c]));
    expect(byId.get(named.id)).toMatchObject({
      authorName: 'Ben Okafor',
      otherDistrict: false,
      endorsementCount: 2,
      outcomes: { 'worked-well': 2 },
    });
    expect(byId.get(hidden.id)).toMatchObject({ authorName: null, otherDistrict: false });
    expect(byId.get(network.id)).toMatchObject({ authorName: null, otherDistrict: true });
    for (const c of list)
      for (const key of ['author', 'page', 'mine', 'networkStatus', 'createdAt']) expect(c).not.toHaveProperty(key);
  });

  it('looks the page up when it opens (not more often than every two minutes) and tells the page when it changed', async () => {
    const { bg, district } = await connectedWith([]);
    const fresh = colleague();
    district.on('GET /api/v1/pages/adaptations', () => ({ status: 200, body: { url: PAGE, adaptations: [fresh] } }));
    bg.changes.length = 0;
    expect(await bg.colleagues.refreshPage(PAGE)).toBe(true);
    expect(bg.changes).toEqual([PAGE]);
    expect(await bg.colleagues.refreshPage(PAGE)).toBe(false);
    expect(district.to('/api/v1/pages/adaptations')).toHaveLength(1);
    expect(district.to('/api/v1/pages/adaptations')[0]!.query.get('url')).toBe(PAGE);
    // Withdrawn (or no longer visible): gone from the page at the next lookup.
    district.on('GET /api/v1/pages/adaptations', () => ({ status: 200, body: { url: PAGE, adaptations: [] } }));
    expect(await bg.colleagues.refreshPage(PAGE, true)).toBe(true);
    expect(await bg.colleagues.forPage(PAGE)).toEqual([]);
  });

  it("counts colleagues' adaptations when the loader asks, so the annotator starts for them", async () => {
    const { bg } = await connectedWith([colleague()]);
    expect(await bg.router.handle({ type: 'summarisePage', pageUrl: PAGE }, fromPage())).toMatchObject({
      ok: true,
      value: { adaptations: 1, injected: true },
    });
  });

  it("lets a page act only on the colleagues' adaptations of that page", async () => {
    const elsewhere = colleague({}, OTHER_PAGE);
    const { bg } = await connectedWith([elsewhere]);
    for (const cmd of [
      { type: 'endorseAdaptation', id: elsewhere.id, outcome: 'worked-well' },
      { type: 'giveFeedback', id: elsewhere.id, feedbackType: 'question', text: 'How long?' },
      { type: 'getColleagueDetail', id: elsewhere.id },
      { type: 'saveAdaptation', pageUrl: PAGE, pageTitle: '', target: TARGET, content: CONTENT, remixOf: elsewhere.id },
    ]) {
      expect(await bg.router.handle(cmd, fromPage()), cmd.type).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(
      await bg.router.handle(
        { type: 'endorseAdaptation', id: crypto.randomUUID(), outcome: 'worked-well' },
        fromPage(),
      ),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('says "I tried this" with the privacy guard on the note, and shows the district\'s counts after', async () => {
    const c = colleague();
    const { bg, district } = await connectedWith([c]);
    district.on('PUT /api/v1/adaptations/:id/endorsement', (req) => ({
      status: 200,
      body: {
        id: crypto.randomUUID(),
        adaptationId: c.id,
        endorser: { id: 'user-ana', name: 'Ana Lima' },
        outcome: req.body.outcome,
        note: req.body.note,
        createdAt: '2026-10-01T10:00:00.000Z',
        updatedAt: '2026-10-01T10:00:00.000Z',
      },
    }));
    const refused = await bg.router.handle(
      { type: 'endorseAdaptation', id: c.id, outcome: 'worked-well', note: 'My kid Jayden Smith loved it.' },
      fromPage(),
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'validation_failed',
        issues: [expect.objectContaining({ path: 'privacy.note', message: expect.stringContaining('Jayden Smith') })],
      },
    });
    expect(district.to(`/api/v1/adaptations/${c.id}/endorsement`)).toHaveLength(0);
    district.on('GET /api/v1/pages/adaptations', () => ({
      status: 200,
      body: {
        url: PAGE,
        adaptations: [
          {
            ...c,
            endorsementCount: 1,
            outcomes: { 'worked-well': 1 },
            myEndorsement: {
              id: crypto.randomUUID(),
              adaptationId: c.id,
              endorser: { id: 'user-ana' },
              outcome: 'worked-well',
              note: 'Two periods.',
              createdAt: '2026-10-01T10:00:00.000Z',
              updatedAt: '2026-10-01T10:00:00.000Z',
            },
          },
        ],
      },
    }));
    const done = await bg.router.handle(
      { type: 'endorseAdaptation', id: c.id, outcome: 'worked-well', note: 'Two periods.' },
      fromPage(),
    );
    expect(done).toMatchObject({
      ok: true,
      value: { endorsementCount: 1, myEndorsement: { outcome: 'worked-well', note: 'Two periods.' } },
    });
    expect(district.to(`/api/v1/adaptations/${c.id}/endorsement`)[0]!.body).toEqual({
      outcome: 'worked-well',
      note: 'Two periods.',
    });
  });

  it('sends feedback once even when the first answer is lost (same idempotency key on the retry)', async () => {
    const c = colleague();
    const { bg, district } = await connectedWith([c]);
    let calls = 0;
    district.on('POST /api/v1/adaptations/:id/feedback', (req) => {
      calls += 1;
      if (calls === 1) return 'network-error';
      return {
        status: 200,
        body: {
          id: crypto.randomUUID(),
          adaptationId: c.id,
          author: { id: 'user-ana' },
          type: req.body.type,
          text: req.body.text,
          createdAt: '2026-10-01T10:00:00.000Z',
        },
      };
    });
    expect(
      await bg.router.handle(
        { type: 'giveFeedback', id: c.id, feedbackType: 'suggestion', text: 'Try it with sentence frames.' },
        fromPage(),
      ),
    ).toMatchObject({ ok: true });
    const sent = district.to(`/api/v1/adaptations/${c.id}/feedback`);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);
  });

  it('makes a remix my own copy crediting the original author, private until I share it', async () => {
    const c = colleague();
    const { bg } = await connectedWith([c]);
    const saved = await bg.router.handle(
      {
        type: 'saveAdaptation',
        pageUrl: PAGE,
        pageTitle: 'Lesson',
        target: c.target,
        content: { ...CONTENT, body: 'Three days, with a model first.' },
        remixOf: c.id,
      },
      fromPage(),
    );
    expect(saved).toMatchObject({ ok: true, value: { remixOf: { authorName: 'Ben Okafor' }, visibility: 'private' } });
    const id = (saved as { value: { id: string } }).value.id;
    expect(await bg.db.adaptations.get(id)).toMatchObject({
      adaptation: {
        provenance: { remixedFrom: c.id, originalAuthor: { id: 'user-ben', name: 'Ben Okafor' } },
        author: { id: 'user-ana' },
      },
    });
    const [queued] = await bg.outbox.all();
    expect(queued).toMatchObject({ op: 'upsert', adaptation: { provenance: { remixedFrom: c.id } } });
  });

  it('says the district cannot be reached when the note asks for the feedback offline', async () => {
    const c = colleague({ feedbackCount: 1 });
    const { bg, district } = await connectedWith([c]);
    district.on('GET /api/v1/adaptations/:id', () => 'network-error');
    expect(await bg.router.handle({ type: 'getColleagueDetail', id: c.id }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    district.on('GET /api/v1/adaptations/:id', () => ({
      status: 404,
      body: errorBody('not_found', 'That adaptation was not found or is not shared with you.'),
    }));
    expect(await bg.router.handle({ type: 'getColleagueDetail', id: c.id }, fromPanel())).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('the privacy guard before sharing', () => {
  it('holds back a shared adaptation that seems to name a student until the teacher edits it or shares anyway, and never a private note', async () => {
    const bg = makeBackground();
    const named = {
      ...CONTENT,
      body: 'Seat my student Maria Lopez near the board.',
      rationale: 'Email her mum at mum@example.org',
      visibility: 'district' as const,
    };
    const refused = await bg.router.handle(
      { type: 'saveAdaptation', pageUrl: PAGE, pageTitle: '', target: TARGET, content: named },
      fromPage(),
    );
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'validation_failed',
        issues: [
          expect.objectContaining({ path: 'privacy.body' }),
          expect.objectContaining({ path: 'privacy.rationale' }),
        ],
      },
    });
    expect(await bg.db.adaptations.count()).toBe(0);
    expect(
      await bg.router.handle(
        { type: 'saveAdaptation', pageUrl: PAGE, pageTitle: '', target: TARGET, content: named, shareAnyway: true },
        fromPage(),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await bg.router.handle(
        {
          type: 'saveAdaptation',
          pageUrl: PAGE,
          pageTitle: '',
          target: TARGET,
          content: { ...named, visibility: 'private' },
        },
        fromPage(),
      ),
    ).toMatchObject({ ok: true });
    // Raising the visibility of a private note is checked too.
    const priv = (await bg.router.handle(
      {
        type: 'saveAdaptation',
        pageUrl: PAGE,
        pageTitle: '',
        target: TARGET,
        content: { ...named, visibility: 'private' },
      },
      fromPage(),
    )) as { value: { id: string } };
    expect(
      await bg.router.handle(
        {
          type: 'saveAdaptation',
          pageUrl: PAGE,
          pageTitle: '',
          target: TARGET,
          id: priv.value.id,
          baseVersion: 1,
          content: { ...named, visibility: 'course' },
        },
        fromPage(),
      ),
    ).toMatchObject({
      ok: false,
      error: { issues: [expect.objectContaining({ path: 'privacy.body' }), expect.anything()] },
    });
  });
});
