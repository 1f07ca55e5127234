import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNITION_RULES, evaluateRecognitionRules } from '@margins/shared';
import { openDb, type Db } from '../src/data/db.js';
import { LedgerRepo } from '../src/data/ledger-repo.js';
import { migrate } from '../src/data/migrations.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';

for (const kind of databaseKinds()) {
  describe(`the contribution ledger on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let db: Db;
    let ledger: LedgerRepo;
    let tenantId: string;
    let otherTenantId: string;
    const users: string[] = [];

    beforeAll(async () => {
      tdb = await kind.create();
      db = openDb(tdb.target);
      await migrate(db);
      const tenancy = new TenancyRepo(db);
      ledger = new LedgerRepo(db);
      const t = await tenancy.ensureTenant({
        issuer: 'https://lms.example',
        clientId: 'c1',
        name: 'District',
        product: 'moodle',
      });
      const d = await tenancy.addDeployment(t.id, 'dep-1');
      for (const sub of ['author', 'a', 'b', 'c'])
        users.push((await tenancy.upsertUser({ tenantId: t.id, deploymentPk: d.id, sub, name: sub, email: null })).id);
      tenantId = t.id;
      const t2 = await tenancy.ensureTenant({
        issuer: 'https://other.example',
        clientId: 'c9',
        name: 'Other',
        product: 'canvas',
      });
      const d2 = await tenancy.addDeployment(t2.id, 'dep-9');
      const stranger = await tenancy.upsertUser({
        tenantId: t2.id,
        deploymentPk: d2.id,
        sub: 'x',
        name: 'x',
        email: null,
      });
      otherTenantId = t2.id;
      await ledger.append({ tenantId: t2.id, type: 'shared', actorUserId: stranger.id, adaptationId: randomUUID() });
    });
    afterAll(async () => {
      await db?.close();
      await tdb?.drop();
    });

    it('records events once per dedupe key and returns them in time order as the shared schema', async () => {
      const adaptationId = randomUUID();
      const [author, a, b, c] = users as [string, string, string, string];
      expect(
        await ledger.append({
          tenantId,
          type: 'shared',
          actorUserId: author,
          adaptationId,
          at: '2026-10-01T00:00:00.000Z',
          dedupeKey: `shared:${adaptationId}`,
        }),
      ).toBe(1);
      expect(
        await ledger.append({
          tenantId,
          type: 'shared',
          actorUserId: author,
          adaptationId,
          dedupeKey: `shared:${adaptationId}`,
        }),
      ).toBe(0);
      const endorsements = [a, b, c].map((u, i) => ({
        tenantId,
        type: 'endorsed' as const,
        actorUserId: u,
        beneficiaryUserId: author,
        adaptationId,
        data: { outcome: 'worked-well' },
        at: `2026-10-0${i + 2}T00:00:00.000Z`,
        dedupeKey: `endorsed:${adaptationId}:${u}`,
      }));
      expect(await ledger.append(endorsements)).toBe(3);
      expect(await ledger.append(endorsements[0]!)).toBe(0);

      const events = await ledger.events(tenantId);
      expect(events.map((e) => e.type)).toEqual(['shared', 'endorsed', 'endorsed', 'endorsed']);
      expect(events[1]).toMatchObject({
        actorId: a,
        beneficiaryId: author,
        adaptationId,
        data: { outcome: 'worked-well' },
      });
      const earned = evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, events).map(
        (r) => `${r.ruleId}:${r.personId}`,
      );
      expect(earned).toEqual(
        expect.arrayContaining([`first-shared-adaptation:${author}`, `practice-tried-by-three:${author}`]),
      );
    });

    it('never mixes tenants and filters by person and type', async () => {
      expect((await ledger.events(otherTenantId)).map((e) => e.type)).toEqual(['shared']);
      const mine = await ledger.events(tenantId, { userId: users[1]!, types: ['endorsed'] });
      expect(mine).toHaveLength(1);
      expect(mine[0]!.actorId).toBe(users[1]);
    });

    it('reads the events of some people, as actor or beneficiary, each event once and in time order', async () => {
      const all = await ledger.events(tenantId);
      const [author, , b] = users as [string, string, string];
      const people = [author, b];
      const theirs = await ledger.events(tenantId, { userIds: people });
      const expected = all.filter((e) => people.includes(e.actorId) || people.includes(e.beneficiaryId ?? ''));
      // The author is the beneficiary of b's endorsement: one event for both people, not two.
      expect(theirs.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(theirs.length).toBeGreaterThan(1);
      expect((await ledger.events(tenantId, { userIds: [users[1]!], types: ['shared'] })).length).toBe(0);
    });

    it('gives a head no writer in flight can still commit below, and the people of the events after it', async () => {
      const before = await ledger.head(tenantId);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      // A writer in the middle of its transaction: its event is numbered but not committed.
      const writer = db.knex.transaction(async (trx) => {
        await ledger.append({ tenantId, type: 'endorsed', actorUserId: users[1]!, beneficiaryUserId: users[0]! }, trx);
        await held;
      });
      await new Promise((r) => setTimeout(r, 100));
      let settled: number | null = null;
      const head = ledger.head(tenantId).then((h) => (settled = h));
      await new Promise((r) => setTimeout(r, 200));
      // PostgreSQL: the head waits for the writer; SQLite: one writer, so the reader sees what was committed.
      if (kind.name === 'postgres') expect(settled).toBeNull();
      release();
      await writer;
      await head;
      const after = await ledger.head(tenantId);
      expect(after).toBeGreaterThan(before);
      if (kind.name === 'postgres') expect(settled).toBe(after);
      expect([...(await ledger.peopleAfter(tenantId, before, ['endorsed']))].sort()).toEqual(
        [users[0]!, users[1]!].sort(),
      );
      expect((await ledger.peopleAfter(tenantId, after, ['endorsed'])).size).toBe(0);
    });

    it('records nothing when the surrounding transaction rolls back', async () => {
      const before = (await ledger.events(tenantId)).length;
      await expect(
        db.knex.transaction(async (trx) => {
          await ledger.append({ tenantId, type: 'feedback-given', actorUserId: users[2]! }, trx);
          throw new Error('the feedback row failed to save');
        }),
      ).rejects.toThrow('the feedback row failed to save');
      expect((await ledger.events(tenantId)).length).toBe(before);
    });

    it('refuses an unknown event type and unsafe data before writing', async () => {
      await expect(ledger.append({ tenantId, type: 'ranked' as never, actorUserId: users[0]! })).rejects.toThrow();
      await expect(
        ledger.append({ tenantId, type: 'shared', actorUserId: users[0]!, data: { note: 'x'.repeat(500) } }),
      ).rejects.toThrow();
    });

    it("counts an event for the course's school, else the actor's, with other districts' schools kept apart", async () => {
      const tenancy = new TenancyRepo(db);
      const d = (await tenancy.listDeployments(tenantId))[0]!;
      // A teacher at north whose course names north; a second launch without a school keeps it.
      const t1 = await tenancy.upsertUser({
        tenantId,
        deploymentPk: d.id,
        sub: 'school-t1',
        name: 'T1',
        email: null,
        schoolId: 'north',
      });
      expect(
        (await tenancy.upsertUser({ tenantId, deploymentPk: d.id, sub: 'school-t1', name: 'T1', email: null }))
          .school_id,
      ).toBe('north');
      const southCourse = await tenancy.upsertContext({
        tenantId,
        deploymentPk: d.id,
        contextId: 'south-algebra',
        title: 'Algebra',
        schoolId: 'south',
      });
      const plainCourse = await tenancy.upsertContext({
        tenantId,
        deploymentPk: d.id,
        contextId: 'no-school',
        title: 'No school',
      });
      expect(plainCourse.school_id).toBeNull();
      const d2 = (await tenancy.listDeployments(otherTenantId))[0]!;
      const visitor = await tenancy.upsertUser({
        tenantId: otherTenantId,
        deploymentPk: d2.id,
        sub: 'visitor',
        name: 'V',
        email: null,
        schoolId: 'north',
      });
      const a = randomUUID();
      await ledger.append([
        {
          tenantId,
          type: 'remixed',
          actorUserId: t1.id,
          adaptationId: a,
          contextPk: southCourse.id,
          at: '2026-11-01T00:00:00.000Z',
        },
        {
          tenantId,
          type: 'remixed',
          actorUserId: t1.id,
          adaptationId: a,
          contextPk: plainCourse.id,
          at: '2026-11-02T00:00:00.000Z',
        },
        {
          tenantId,
          type: 'feedback-given',
          actorUserId: t1.id,
          adaptationId: a,
          schoolId: null,
          at: '2026-11-03T00:00:00.000Z',
        },
        {
          tenantId,
          type: 'endorsed',
          actorUserId: visitor.id,
          adaptationId: a,
          data: { crossDistrict: true },
          at: '2026-11-04T00:00:00.000Z',
        },
      ]);
      const events = (await ledger.events(tenantId)).filter((e) => e.adaptationId === a);
      expect(events.map((e) => e.schoolId)).toEqual(['south', 'north', null, `${otherTenantId}:north`]);
    });
  });
}
