import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import {
  callApi,
  databaseKinds,
  launchToken,
  sessionToken,
  startLtiStack,
  type LtiStack,
} from '../support/lti-stack.js';
import { CLAIM } from '../platform/index.js';

/**
 * Flow 6 end to end through the test platform: a coach curates a collection, embeds it in a course
 * with deep linking, and a teacher launching that link sees the collection, within visibility rules.
 */
for (const kind of databaseKinds()) {
  describe(`curating and embedding collections on ${kind.name}`, { timeout: 90_000 }, () => {
    let s: LtiStack;
    let tenantId: string;
    let coach: string;
    const ids = { district: randomUUID(), plcOnly: randomUUID() };

    const api = (token: string, path: string, method = 'GET', body?: unknown) =>
      callApi(s.tool, token, path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

    beforeAll(async () => {
      s = await startLtiStack(kind);
      // Ben opens Margins once, a district admin makes him a coach, and he launches again as a coach.
      const first = await launchToken(s, { user: 'ben', course: 'ela-plc' });
      const me = (await api(first, '/api/v1/session')).body;
      tenantId = me.tenant.id;
      await s.tool.services.tenancy.grant(tenantId, me.user.id, 'coach', null);
      coach = await launchToken(s, { user: 'ben', course: 'ela-plc' });
      // Chloé shared two practices from the ELA PLC: one for the district, one for the PLC only.
      const chloe = (await api(await launchToken(s, { user: 'chloe', course: 'ela-plc' }), '/api/v1/session')).body;
      const put = (id: string, visibility: 'district' | 'course', title: string) =>
        s.tool.services.adaptations.put(
          makeAdaptation({ id, visibility, page: { url: `https://curriculum.example.org/${id}`, title } }),
          { tenantId, authorUserId: chloe.user.id, authorName: chloe.user.name, contextPk: chloe.course.id },
        );
      await put(ids.district, 'district', 'Four corners debate before drafting');
      await put(ids.plcOnly, 'course', 'PLC protocol for looking at student work');
    }, 120_000);
    afterAll(async () => s?.stop());

    async function curate(title: string): Promise<string> {
      const fa = await api(coach, '/api/v1/coach/focus-areas', 'POST', {
        title: `Argument writing ${randomUUID().slice(0, 6)}`,
        description: 'School goal 2',
      });
      expect(fa.status, JSON.stringify(fa.body)).toBe(201);
      const col = await api(coach, '/api/v1/coach/collections', 'POST', {
        title,
        description: 'Start with the debate, then the protocol.',
        focusAreaId: fa.body.id,
      });
      expect(col.status).toBe(201);
      for (const [id, note] of [
        [ids.district, 'Try this first.'],
        [ids.plcOnly, 'For PLC members.'],
      ] as const) {
        expect(
          (await api(coach, `/api/v1/coach/collections/${col.body.id}/items`, 'POST', { adaptationId: id, note }))
            .status,
        ).toBe(201);
      }
      return col.body.id;
    }

    it('embeds a published collection: the platform receives one resource link, and a teacher launching it sees the collection', async () => {
      const collectionId = await curate('Argument writing, step by step');
      expect((await api(coach, `/api/v1/coach/collections/${collectionId}/publish`, 'POST')).body.status).toBe(
        'published',
      );

      const dl = await s.launch({ user: 'ben', course: 'math-7', placement: 'editor_button' });
      expect(dl.status).toBe(200);
      const dlToken = sessionToken(dl.body);
      // Canvas's editor button takes no gradebook column (no accept_lineitem, not a line-item placement).
      expect((await api(dlToken, '/api/v1/deep-linking/options')).body).toEqual({
        acceptMultiple: true,
        acceptLineItem: false,
        participationEnabled: false,
      });
      const picked = (await api(dlToken, '/api/v1/collections')).body.collections.map((c: { id: string }) => c.id);
      expect(picked).toContain(collectionId);

      const answer = await api(dlToken, '/api/v1/deep-linking/response', 'POST', { collectionIds: [collectionId] });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.sent).toBe(1);
      const before = s.platform.received.deepLinks.length;
      const back = await dl.fetch(answer.body.returnUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ JWT: answer.body.jwt }),
      });
      expect(back.status).toBe(200);
      const received = s.platform.received.deepLinks[before]!;
      expect(received.course).toBe('math-7');
      expect(received.contentItems).toEqual([
        {
          type: 'ltiResourceLink',
          title: 'Argument writing, step by step',
          text: 'Start with the debate, then the protocol.',
          url: s.tool.services.urls.launch,
          custom: { margins_collection: collectionId },
        },
      ]);

      // A second response from the same deep-linking launch is refused.
      const again = await api(dlToken, '/api/v1/deep-linking/response', 'POST', { collectionIds: [collectionId] });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already added from this window/);

      // Ana (Math 7 teacher, not in the PLC) launches the link from the course page.
      const placed = s.platform
        .placedContent('math-7')
        .find((c) => (c.item.custom as Record<string, string> | undefined)?.margins_collection === collectionId)!;
      const ana = await launchToken(s, { user: 'ana', course: 'math-7', resourceLinkId: placed.resourceLinkId! });
      expect((await api(ana, '/api/v1/session')).body).toMatchObject({
        openCollectionId: collectionId,
        openAdaptationId: null,
      });
      const view = (await api(ana, `/api/v1/collections/${collectionId}`)).body;
      expect(view).toMatchObject({
        title: 'Argument writing, step by step',
        status: 'published',
        canEdit: false,
        curator: { name: 'Ben Okafor' },
      });
      expect(view.entries).toEqual([
        expect.objectContaining({
          status: 'visible',
          position: 0,
          note: 'Try this first.',
          adaptation: expect.objectContaining({ id: ids.district }),
        }),
        { status: 'unavailable', position: 1 },
      ]);
      // Chloé (in the PLC) sees both practices.
      const chloe = await launchToken(s, {
        user: 'chloe',
        course: 'ela-plc',
        custom: { margins_collection: collectionId },
      });
      expect(
        (await api(chloe, `/api/v1/collections/${collectionId}`)).body.entries.map((e: { status: string }) => e.status),
      ).toEqual(['visible', 'visible']);
    });

    it('embeds a single practice and a collection together, with a gradebook column where the platform accepts one', async () => {
      const collectionId = await curate('Counterclaims');
      await api(coach, `/api/v1/coach/collections/${collectionId}/publish`, 'POST');
      const dl = await s.launch({ user: 'ben', course: 'ela-plc', placement: 'link_selection' });
      const token = sessionToken(dl.body);
      // Canvas sends no accept_lineitem, yet makes an assignment from a lineItem in link selection: offered.
      expect(decodeJwt(dl.idToken)[CLAIM.deepLinkingSettings]).not.toHaveProperty('accept_lineitem');
      expect((await api(token, '/api/v1/deep-linking/options')).body.acceptLineItem).toBe(true);
      const lineItemsBefore = s.platform.received.lineItems.length;
      const answer = await api(token, '/api/v1/deep-linking/response', 'POST', {
        collectionIds: [collectionId],
        adaptationIds: [ids.district],
        participationLineItem: true,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const before = s.platform.received.deepLinks.length;
      await dl.fetch(answer.body.returnUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ JWT: answer.body.jwt }),
      });
      const items = s.platform.received.deepLinks[before]!.contentItems;
      expect(items.map((i) => i.custom)).toEqual([
        { margins_collection: collectionId },
        { margins_adaptation: ids.district },
      ]);
      expect(items[0]!.lineItem).toEqual({
        label: 'Margins participation',
        scoreMaximum: 100,
        resourceId: 'margins-participation',
        tag: 'margins-participation',
      });
      expect(items[1]!.lineItem).toBeUndefined();
      const created = s.platform.received.lineItems.slice(lineItemsBefore);
      expect(created).toEqual([
        expect.objectContaining({ course: 'ela-plc', resourceId: 'margins-participation', scoreMaximum: 100 }),
      ]);

      // The practice link opens that practice.
      const placed = s.platform
        .placedContent('ela-plc')
        .find((c) => (c.item.custom as Record<string, string> | undefined)?.margins_adaptation === ids.district)!;
      const chloe = await launchToken(s, { user: 'chloe', course: 'ela-plc', resourceLinkId: placed.resourceLinkId! });
      expect((await api(chloe, '/api/v1/session')).body.openAdaptationId).toBe(ids.district);
    });

    it('refuses drafts, items the chooser cannot see, and responses outside a deep-linking launch', async () => {
      const draft = await curate('Not ready yet');
      const dl = sessionToken((await s.launch({ user: 'ben', course: 'math-7', placement: 'editor_button' })).body);
      const refused = await api(dl, '/api/v1/deep-linking/response', 'POST', { collectionIds: [draft] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/Publish "Not ready yet"/);
      // Ana cannot see the PLC-only practice, so she cannot embed it either.
      const anaDl = sessionToken((await s.launch({ user: 'ana', course: 'math-7', placement: 'editor_button' })).body);
      expect((await api(anaDl, '/api/v1/deep-linking/response', 'POST', { adaptationIds: [ids.plcOnly] })).status).toBe(
        404,
      );
      expect((await api(anaDl, '/api/v1/deep-linking/response', 'POST', {})).status).toBe(400);
      // A failed attempt does not use up the launch.
      expect(
        (await api(anaDl, '/api/v1/deep-linking/response', 'POST', { adaptationIds: [ids.district] })).status,
      ).toBe(200);
      // Not from a deep-linking launch.
      const plain = await api(coach, '/api/v1/deep-linking/response', 'POST', { adaptationIds: [ids.district] });
      expect(plain.status).toBe(403);
      expect((await api(coach, '/api/v1/deep-linking/options')).status).toBe(403);
    });

    it('tells a teacher launching a link to an unpublished or deleted collection that it is not available', async () => {
      const collectionId = await curate('Soon withdrawn');
      await api(coach, `/api/v1/coach/collections/${collectionId}/publish`, 'POST');
      const ana = await launchToken(s, { user: 'ana', course: 'math-7', custom: { margins_collection: collectionId } });
      expect((await api(ana, `/api/v1/collections/${collectionId}`)).status).toBe(200);
      await api(coach, `/api/v1/coach/collections/${collectionId}/unpublish`, 'POST');
      const hidden = await api(ana, `/api/v1/collections/${collectionId}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.message).toMatch(/not published at the moment/);
      await api(coach, `/api/v1/coach/collections/${collectionId}`, 'DELETE');
      expect((await api(ana, `/api/v1/collections/${collectionId}`)).body.error.message).toMatch(/not available/);
    });
  });
}
