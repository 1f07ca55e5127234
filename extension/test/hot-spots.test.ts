import { describe, expect, it } from 'vitest';
import type { PageHotSpot } from '@margins/shared/api-insight';
import { inHotSpot, type HotSpotView } from '../src/protocol/views.js';
import { fromPage, fromPanel, makeBackground, PAGE, TARGET } from './support.js';
import { fakeDistrict, tokenPair } from './fake-district.js';

const TOOL = 'http://127.0.0.1:3000';
const OTHER_PAGE = 'https://curriculum.example.org/grade-5/fractions/lesson-4';

const SPOT: PageHotSpot = {
  id: '0b9f7e52-5f4e-4c43-9d1e-6f1f2a3b4c5d',
  start: 118,
  end: 160,
  quote: 'unlike denominators',
  teachers: 14,
  schools: 5,
  kinds: [
    { id: 'language-support', adaptations: 9 },
    { id: 'scaffolding', adaptations: 4 },
    { id: 'pacing', adaptations: 2 },
    { id: 'udl', adaptations: 1 },
  ],
  mine: false,
};

async function connected(spots: PageHotSpot[]) {
  const district = fakeDistrict();
  const bg = makeBackground(undefined, { http: district.http });
  district.on('POST /api/v1/pairing/exchange', () => ({ status: 200, body: tokenPair() }));
  district.on('GET /api/v1/sync/pull', () => ({ status: 200, body: { changes: [], cursor: 'c1', hasMore: false } }));
  district.on('GET /api/v1/pages/adaptations', () => ({ status: 200, body: { url: PAGE, adaptations: [] } }));
  district.on('GET /api/v1/pages/hot-spots', () => ({
    status: 200,
    body: { url: PAGE, minGroupSize: 5, hotSpots: spots },
  }));
  await bg.connection.connect(TOOL, 'ABCD-EFGH', 'Chrome');
  await bg.sync.sync();
  return { bg, district };
}

const list = async (bg: Awaited<ReturnType<typeof connected>>['bg']) => {
  const r = await bg.router.handle({ type: 'listPageAdaptations', pageUrl: PAGE }, fromPage());
  if (!r?.ok) throw new Error(JSON.stringify(r));
  return (r.value as { hotSpots: HotSpotView[] }).hotSpots;
};

describe('district hot spots on the page (issue 20)', () => {
  it('asks the district once per page lookup, keeps them for offline, and gives the page counts and an anchor only', async () => {
    const { bg, district } = await connected([SPOT]);
    expect(await bg.colleagues.refreshPage(PAGE)).toBe(true);
    expect(district.to('/api/v1/pages/hot-spots')).toHaveLength(1);
    expect(district.to('/api/v1/pages/hot-spots')[0]!.query.get('url')).toBe(PAGE);
    expect(await list(bg)).toEqual([
      {
        id: SPOT.id,
        start: 118,
        end: 160,
        quote: 'unlike denominators',
        teachers: 14,
        schools: 5,
        kinds: ['language-support', 'scaffolding', 'pacing'],
        mine: false,
      },
    ]);
    // Within the lookup's two minutes: no request at all; offline later: the stored ones stay.
    await bg.colleagues.refreshPage(PAGE);
    expect(district.to('/api/v1/pages/hot-spots')).toHaveLength(1);
    district.setOnline(false);
    district.on('GET /api/v1/pages/hot-spots', () => 'network-error');
    district.on('GET /api/v1/pages/adaptations', () => 'network-error');
    expect(await bg.colleagues.refreshPage(PAGE, true)).toBe(false);
    expect((await list(bg)).map((h) => h.teachers)).toEqual([14]);
  });

  it('keeps the last hot spots when a district has no such route, and drops them when it says there are none', async () => {
    const { bg, district } = await connected([SPOT]);
    await bg.colleagues.refreshPage(PAGE);
    district.on('GET /api/v1/pages/hot-spots', () => ({
      status: 404,
      body: { error: { code: 'not_found', message: 'x' } },
    }));
    await bg.colleagues.refreshPage(PAGE, true);
    expect(await list(bg)).toHaveLength(1);
    district.on('GET /api/v1/pages/hot-spots', () => ({
      status: 200,
      body: { url: PAGE, minGroupSize: 5, hotSpots: [] },
    }));
    bg.changes.length = 0;
    expect(await bg.colleagues.refreshPage(PAGE, true)).toBe(true);
    expect(bg.changes).toEqual([PAGE]);
    expect(await list(bg)).toEqual([]);
  });

  it('forgets them with the rest of the district data when the browser disconnects', async () => {
    const { bg } = await connected([SPOT]);
    await bg.colleagues.refreshPage(PAGE);
    await bg.sync.forgetDistrictData(false);
    expect(await bg.db.hotSpots.count()).toBe(0);
  });

  it("opens the side panel on the passage from the hot spot's note, only for that page's hot spots", async () => {
    const { bg } = await connected([SPOT]);
    await bg.colleagues.refreshPage(PAGE);
    expect(
      await bg.router.handle({ type: 'showPassageColleagues', pageUrl: PAGE, hotSpotId: SPOT.id }, fromPage()),
    ).toEqual({ ok: true, value: { opened: true } });
    expect(bg.panel.opened).toEqual([7]);
    expect(bg.panel.told).toEqual([{ tabId: 7, pageUrl: PAGE, hotSpotId: SPOT.id }]);
    expect(await bg.router.handle({ type: 'getPassageFocus', tabId: 7 }, fromPanel())).toEqual({
      ok: true,
      value: { tabId: 7, pageUrl: PAGE, hotSpotId: SPOT.id },
    });
    // Another page cannot ask for this page's passage; an unknown hot spot is not found; pages cannot read the focus.
    expect(
      await bg.router.handle(
        { type: 'showPassageColleagues', pageUrl: PAGE, hotSpotId: SPOT.id },
        fromPage(OTHER_PAGE),
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await bg.router.handle({ type: 'showPassageColleagues', pageUrl: PAGE, hotSpotId: 'nope' }, fromPage()),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await bg.router.handle({ type: 'getPassageFocus', tabId: 7 }, fromPage())).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await bg.router.handle({ type: 'clearPassageFocus', tabId: 7 }, fromPanel())).toEqual({
      ok: true,
      value: { cleared: true },
    });
    expect(await bg.router.handle({ type: 'getPassageFocus', tabId: 7 }, fromPanel())).toEqual({
      ok: true,
      value: null,
    });
  });

  it('gives a page nothing while the browser is not connected', async () => {
    const bg = makeBackground();
    await bg.db.hotSpots.put({ pageUrl: PAGE, spots: [SPOT] });
    expect(await list(bg as never)).toEqual([]);
  });
});

describe('which adaptations belong to a hot spot', () => {
  const h: HotSpotView = {
    id: 'h',
    start: 118,
    end: 160,
    quote: 'unlike denominators',
    teachers: 5,
    schools: 2,
    kinds: [],
    mine: false,
  };
  it('takes overlapping ranges, and quotes that contain one another when there is no range', () => {
    expect(inHotSpot(h, TARGET)).toBe(true);
    expect(inHotSpot(h, { ...TARGET, position: { type: 'TextPositionSelector', start: 160, end: 170 } })).toBe(false);
    expect(inHotSpot(h, { ...TARGET, position: { type: 'TextPositionSelector', start: 100, end: 119 } })).toBe(true);
    const { position: _p, ...quoteOnly } = TARGET;
    expect(inHotSpot(h, { ...quoteOnly, quote: { ...TARGET.quote, exact: 'Unlike  Denominators' } })).toBe(true);
    expect(inHotSpot(h, { ...quoteOnly, quote: { ...TARGET.quote, exact: 'area models' } })).toBe(false);
  });
});
