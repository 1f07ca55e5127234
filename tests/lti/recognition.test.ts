import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { startTestTool, type TestTool } from '@margins/lti-tool/testing/tool';
import type { TestDatabase } from '@margins/lti-tool/testing/databases';
import { startTestPlatform, type TestPlatform } from '../platform/index.js';
import { conformanceSet } from '../support/conformance.js';
import { callApi, databaseKinds, registerWithEachOther, sessionToken } from '../support/lti-stack.js';

/**
 * Issue 7, "Prove it", end to end through the test platform: a rule-earned recognition (Ana is
 * paired as a mentor by her coach) and a coach-awarded one (with a citation) are issued, downloaded
 * by Ana, verified by the public endpoint, revoked by the district, and then fail verification.
 * Every credential validates against the Open Badges 3.0 JSON Schema of the conformance set;
 * tampered credentials fail. Along the way: who may download, award, revoke and see what.
 */
const schemaDir = conformanceSet('open-badges-3');

for (const kind of databaseKinds()) {
  describe(`recognition end to end on ${kind.name}`, { timeout: 90_000 }, () => {
    let db: TestDatabase;
    let tool: TestTool;
    let riverside: TestPlatform;
    let lakeside: TestPlatform;
    let rClient: string;
    let lClient: string;
    let coach: string;
    let ana: string;
    let chloe: string;
    let lakeCoach: string;
    let anaId: string;
    let chloeId: string;
    const ids: { rule?: string; award?: string } = {};
    const credentials: Record<string, Record<string, unknown>> = {};

    const api = (token: string, path: string, method = 'GET', body?: unknown) =>
      callApi(tool, token, path, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const verify = async (credential: unknown) => {
      const res = await fetch(`${tool.url}/badges/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof credential === 'string' ? credential : JSON.stringify(credential),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          valid: boolean;
          status: string;
          problems: { code: string; message: string }[];
          summary: Record<string, string | null>;
        },
      };
    };
    async function token(
      p: TestPlatform,
      clientId: string,
      user: string,
      course: string,
      custom?: Record<string, string>,
    ): Promise<string> {
      const res = await p.launch({ clientId, user, course, ...(custom ? { custom } : {}) });
      if (res.status !== 200) throw new Error(`launch failed ${res.status}: ${res.body.slice(0, 300)}`);
      return sessionToken(res.body);
    }
    async function makeCoach(p: TestPlatform, clientId: string, user: string, course: string): Promise<string> {
      const me = (await api(await token(p, clientId, user, course), '/api/v1/session')).body;
      await tool.services.tenancy.grant(me.tenant.id, me.user.id, 'coach', null);
      return token(p, clientId, user, course);
    }
    const validateSchema = (() => {
      if (!schemaDir) return null;
      const ajv = new Ajv2019({ strict: false, allErrors: true });
      addFormats(ajv);
      return ajv.compile(
        JSON.parse(readFileSync(join(schemaDir, 'ob_v3p0_achievementcredential_schema.json'), 'utf8')),
      );
    })();

    beforeAll(async () => {
      db = await kind.create();
      tool = await startTestTool(db, { BADGE_VERIFY_RATE_LIMIT_PER_MINUTE: '40' });
      [riverside, lakeside] = await Promise.all([
        startTestPlatform({ roster: 'riverside' }),
        startTestPlatform({ roster: 'lakeside' }),
      ]);
      rClient = (await registerWithEachOther(tool, riverside)).clientId;
      lClient = (await registerWithEachOther(tool, lakeside)).clientId;
      coach = await makeCoach(riverside, rClient, 'ben', 'ela-plc');
      lakeCoach = await makeCoach(lakeside, lClient, 'ben', 'math-plc'); // same sub, another district
      ana = await token(riverside, rClient, 'ana', 'ela-plc');
      chloe = await token(riverside, rClient, 'chloe', 'ela-plc');
      anaId = (await api(ana, '/api/v1/session')).body.user.id;
      chloeId = (await api(chloe, '/api/v1/session')).body.user.id;
    }, 120_000);
    afterAll(async () => {
      await Promise.all([riverside?.close(), lakeside?.close()]);
      await tool?.stop();
      await db?.drop();
    });

    it('issues a rule-earned recognition: Ana mentors Chloé through two activities Chloé confirms, and "Mentor" is hers', async () => {
      expect((await api(ana, '/api/v1/recognition/mine')).body.recognitions).toEqual([]);
      const pair = await api(coach, '/api/v1/coach/mentoring', 'POST', { mentorUserId: anaId, menteeUserId: chloeId });
      expect(pair.status).toBe(201);
      // The pairing alone earns nothing.
      expect((await api(ana, '/api/v1/recognition/mine')).body.recognitions).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);
      for (const kind of ['co-planning', 'classroom-observation']) {
        const logged = await api(ana, '/api/v1/mentoring/activities', 'POST', {
          pairId: pair.body.id,
          kind,
          happenedOn: today,
          minutes: 45,
        });
        expect(logged.status).toBe(201);
        // Only the other person of the pair confirms.
        expect((await api(ana, `/api/v1/mentoring/activities/${logged.body.id}/confirm`, 'POST')).status).toBe(403);
        expect((await api(chloe, `/api/v1/mentoring/activities/${logged.body.id}/confirm`, 'POST')).status).toBe(200);
      }
      const mine = await api(ana, '/api/v1/recognition/mine');
      expect(mine.status).toBe(200);
      expect(mine.body.recognitions).toHaveLength(1);
      expect(mine.body.recognitions[0]).toMatchObject({
        kind: 'rule',
        ruleId: 'mentor',
        title: 'Mentor',
        status: 'active',
        recipient: { userId: anaId, name: 'Ana Lima' },
      });
      ids.rule = mine.body.recognitions[0].id;
    });

    it('issues a coach-awarded recognition with its citation, and refuses a citation naming a student', async () => {
      const citation = 'Ran the PLC\u2019s lesson study on argument writing & shared every protocol with the team.';
      const input = { recipientId: anaId, title: 'Lesson study lead', citation };
      const unconfirmed = await api(coach, '/api/v1/coach/recognition', 'POST', input);
      expect(unconfirmed.status).toBe(400); // nothing is signed before the coach has seen the preview
      const preview = await api(coach, '/api/v1/coach/recognition/preview', 'POST', input);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ name: 'Lesson study lead', citation, recipientName: 'Ana Lima' });
      const res = await api(coach, '/api/v1/coach/recognition', 'POST', {
        ...input,
        confirmedPreview: preview.body.confirmation,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'coach',
        title: 'Lesson study lead',
        citation,
        awardedBy: { name: 'Ben Okafor' },
        recipient: { userId: anaId },
      });
      ids.award = res.body.id;
      const refused = await api(coach, '/api/v1/coach/recognition/preview', 'POST', {
        recipientId: anaId,
        title: 'Tutor',
        citation: 'Tutored student Maria Lopez after school every week this term.',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/public and permanent/);
      expect(
        (await api(ana, '/api/v1/recognition/mine')).body.recognitions.map((r: { id: string }) => r.id).sort(),
      ).toEqual([ids.rule, ids.award].sort());
    });

    it('lets Ana download both as Open Badges 3.0 credentials that validate against the conformance schema', async () => {
      for (const id of [ids.rule!, ids.award!]) {
        const res = await fetch(`${tool.url}/api/v1/recognition/${id}/credential`, {
          headers: { authorization: `Bearer ${ana}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="margins-recognition-${id}.json"`);
        const credential = (await res.json()) as Record<string, unknown>;
        credentials[id] = credential;
        expect(credential.type).toEqual(['VerifiableCredential', 'AchievementCredential']);
        expect(JSON.stringify(credential)).not.toMatch(/Ana Lima|ana\.lima@/);
        if (validateSchema) {
          const ok = validateSchema(credential);
          expect(ok, JSON.stringify(validateSchema.errors)).toBe(true);
        }
      }
      expect(schemaDir, 'the OB 3.0 conformance set must be present for this proof').not.toBeNull();
    });

    it('verifies both at the public endpoint, without any session, and serves the issuer profile and status list', async () => {
      for (const id of [ids.rule!, ids.award!]) {
        const res = await verify(credentials[id]);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ valid: true, status: 'active', problems: [] });
      }
      expect((await verify(credentials[ids.award!])).body.summary).toMatchObject({
        achievement: 'Lesson study lead',
        issuer: 'Riverside Unified School District',
      });
      const issuerId = (credentials[ids.rule!]!.issuer as { id: string }).id;
      const profile = await fetch(issuerId);
      expect(profile.status).toBe(200);
      expect(profile.headers.get('access-control-allow-origin')).toBe('*');
      const doc = (await profile.json()) as {
        id: string;
        verificationMethod: { id: string; controller: string; publicKeyMultibase: string }[];
        sealed_secret?: unknown;
      };
      expect(doc.id).toBe(issuerId);
      expect(doc.verificationMethod[0]!.controller).toBe(issuerId);
      expect(JSON.stringify(doc)).not.toMatch(/secret|obk1/i);
      const listUrl = (credentials[ids.rule!]!.credentialStatus as { statusListCredential: string })
        .statusListCredential;
      const list = await fetch(listUrl);
      expect(list.status).toBe(200);
      expect(((await list.json()) as { type: string[] }).type).toContain('BitstringStatusListCredential');
      expect((await fetch(`${tool.url}/badges/issuers/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    });

    it('fails tampered credentials and text that is not a credential', async () => {
      const tampered = structuredClone(credentials[ids.award!]!) as { evidence: { narrative: string }[] };
      tampered.evidence[0]!.narrative = 'Single-handedly raised test scores by 40%.';
      const res = await verify(tampered);
      expect(res.body.valid).toBe(false);
      expect(res.body.problems.map((p) => p.code)).toContain('tampered');
      const backdated = { ...credentials[ids.rule!]!, awardedDate: '2020-01-01T00:00:00Z' };
      expect((await verify(backdated)).body.valid).toBe(false);
      expect((await verify('{"this is": "not a badge"')).body).toMatchObject({
        valid: false,
        problems: [{ code: 'malformed' }],
      });
      expect((await verify('')).status).toBe(400);
    });

    it('keeps credentials to their owner and district: other teachers and districts cannot download, award, revoke or list them', async () => {
      for (const t of [chloe, lakeCoach]) {
        expect((await api(t, `/api/v1/recognition/${ids.award}/credential`)).status).toBe(404);
        expect((await api(t, `/api/v1/recognition/${ids.award}/wall`, 'PUT', { onWall: false })).status).toBe(404);
      }
      expect(
        (
          await api(lakeCoach, `/api/v1/coach/recognition/${ids.award}/revoke`, 'POST', {
            reason: 'Not from our district',
          })
        ).status,
      ).toBe(404);
      expect((await api(lakeCoach, '/api/v1/coach/recognition')).body.recognitions).toEqual([]);
      expect(
        (
          await api(lakeCoach, '/api/v1/coach/recognition', 'POST', {
            recipientId: anaId,
            title: 'Across the border',
            citation: 'Helped our district with their argument writing unit.',
          })
        ).status,
      ).toBe(404);
      const teacherRevoke = await api(chloe, `/api/v1/coach/recognition/${ids.award}/revoke`, 'POST', {
        reason: 'I do not agree',
      });
      expect(teacherRevoke.status).toBe(403);
      expect(
        (
          await api(chloe, '/api/v1/coach/recognition', 'POST', {
            recipientId: anaId,
            title: 'Thanks',
            citation: 'Helped me plan the unit on argument writing.',
          })
        ).status,
      ).toBe(403);
      expect((await api(chloe, '/api/v1/coach/recognition')).status).toBe(403);
      expect((await api(chloe, '/api/v1/coach/recognition/rules/mentor', 'PUT', { enabled: false })).status).toBe(403);
      expect((await fetch(`${tool.url}/api/v1/recognition/mine`)).status).toBe(401);
      expect((await fetch(`${tool.url}/api/v1/recognition/${ids.award}/credential`)).status).toBe(401);
    });

    it('shows the course wall to members, and a teacher can hide hers', async () => {
      const wall = await api(chloe, '/api/v1/recognition/wall');
      expect(wall.status).toBe(200);
      expect(
        wall.body.entries.map((e: { recipientName: string; title: string }) => `${e.recipientName}: ${e.title}`).sort(),
      ).toEqual(['Ana Lima: Lesson study lead', 'Ana Lima: Mentor']);
      expect((await api(ana, `/api/v1/recognition/${ids.rule}/wall`, 'PUT', { onWall: false })).body.onWall).toBe(
        false,
      );
      expect(
        (await api(chloe, '/api/v1/recognition/wall')).body.entries.map((e: { title: string }) => e.title),
      ).toEqual(['Lesson study lead']);
      // Another district's course wall never shows Riverside's people.
      expect((await api(lakeCoach, '/api/v1/recognition/wall')).body.entries).toEqual([]);
    });

    it('revokes both with a reason: Ana sees why, and both then fail verification as revoked', async () => {
      for (const id of [ids.rule!, ids.award!]) {
        const res = await api(coach, `/api/v1/coach/recognition/${id}/revoke`, 'POST', {
          reason: 'Recorded for the wrong teacher during the pilot.',
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          status: 'revoked',
          revokedReason: 'Recorded for the wrong teacher during the pilot.',
        });
      }
      for (const id of [ids.rule!, ids.award!]) {
        const res = await verify(credentials[id]);
        expect(res.body).toMatchObject({ valid: false, status: 'revoked' });
        expect(res.body.problems[0]).toMatchObject({ code: 'revoked' });
      }
      const mine = (await api(ana, '/api/v1/recognition/mine')).body.recognitions as {
        status: string;
        revokedReason: string;
      }[];
      expect(
        mine.every(
          (r) => r.status === 'revoked' && r.revokedReason === 'Recorded for the wrong teacher during the pilot.',
        ),
      ).toBe(true);
      expect((await api(chloe, '/api/v1/recognition/wall')).body.entries).toEqual([]);
      expect(
        (await api(coach, `/api/v1/coach/recognition/${ids.rule}/revoke`, 'POST', { reason: 'Again, to be sure.' }))
          .status,
      ).toBe(409);
    });

    it('recognises a practice that travels: colleagues from two schools (the courses\u2019 sub-accounts) try it', async () => {
      const practice = randomUUID();
      const me = (await api(chloe, '/api/v1/session')).body;
      await tool.services.adaptations.put(makeAdaptation({ id: practice, visibility: 'district' }), {
        tenantId: me.tenant.id,
        authorUserId: chloeId,
        authorName: 'Chloé Martin',
        contextPk: me.course.id,
      });
      // The district names each course's school with a custom parameter Canvas fills from the course's sub-account.
      const school = { school_id: '$Canvas.account.id' };
      const anaInMath = await token(riverside, rClient, 'ana', 'math-7', school); // riverside-middle
      const benInPlc = await token(riverside, rClient, 'ben', 'ela-plc', school); // riverside-high
      const tried = (t: string) =>
        api(t, `/api/v1/adaptations/${practice}/endorsement`, 'PUT', { outcome: 'worked-well' });
      expect((await tried(anaInMath)).status).toBe(200);
      expect(
        (await api(chloe, '/api/v1/recognition/mine')).body.recognitions.map((r: { ruleId: string }) => r.ruleId),
      ).not.toContain('adopted-in-two-schools');
      expect((await tried(benInPlc)).status).toBe(200);
      const mine = (await api(chloe, '/api/v1/recognition/mine')).body.recognitions as { ruleId: string; id: string }[];
      const travels = mine.find((r) => r.ruleId === 'adopted-in-two-schools');
      expect(travels).toBeDefined();
      const credential = await api(chloe, `/api/v1/recognition/${travels!.id}/credential`);
      expect(JSON.stringify(credential.body)).not.toContain(practice);
      expect((await verify(credential.body)).body.valid).toBe(true);
    });

    it('rate-limits the public verification endpoint per address', async () => {
      let limited: Response | null = null;
      for (let i = 0; i < 45 && !limited; i++) {
        const res = await fetch(`${tool.url}/badges/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        if (res.status === 429) limited = res;
      }
      expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });
}
