import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { AdaptationsRepo } from '../src/data/adaptations-repo.js';
import { openDb, type Db } from '../src/data/db.js';
import { migrate, MIGRATIONS } from '../src/data/migrations.js';
import { SyncRepo } from '../src/data/sync-repo.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { databaseKinds, type TestDatabase } from '../src/testing/databases.js';

const WORDS = ['Sentence frames for the claim', 'Because period 2 struggled', 'It worked with my group'];

/**
 * "Deleted means deleted" (issue 16, item 5): a tombstone keeps ids and times only. A deletion blanks
 * the adaptation's text, page and facets and what colleagues wrote about it; migration 82 blanks the
 * tombstones written before it.
 */
for (const kind of databaseKinds()) {
  describe(`tombstones on ${kind.name}`, { timeout: 30_000 }, () => {
    let tdb: TestDatabase;
    let db: Db;
    let repo: AdaptationsRepo;
    let people: { tenantId: string; ana: string; ben: string };

    const put = async () => {
      const a = await repo.put(
        makeAdaptation({
          id: randomUUID(),
          visibility: 'district',
          body: WORDS[0],
          rationale: WORDS[1],
          page: { url: 'https://curriculum.example.org/secret-unit', title: 'Secret unit' },
        }),
        { tenantId: people.tenantId, authorUserId: people.ana, authorName: 'Ana', contextPk: null },
      );
      const now = new Date().toISOString();
      await db.knex('feedback').insert({
        id: randomUUID(),
        tenant_id: people.tenantId,
        adaptation_id: a.id,
        user_id: people.ben,
        type: 'what-worked',
        text: WORDS[2],
        created_at: now,
      });
      await db.knex('endorsements').insert({
        id: randomUUID(),
        tenant_id: people.tenantId,
        adaptation_id: a.id,
        user_id: people.ben,
        outcome: 'worked-well',
        note: WORDS[2],
        created_at: now,
        updated_at: now,
      });
      return a.id;
    };
    const expectBlank = async (id: string) => {
      const row = await db.knex('adaptations').where({ id }).first();
      expect(row).toMatchObject({ search_text: '', page_title: '', canonical_url: '' });
      expect(JSON.parse(row.json)).toEqual({
        id,
        version: Number(row.version),
        deleted: true,
        updatedAt: row.updated_at,
      });
      const around = JSON.stringify([
        row,
        await db.knex('feedback').where({ adaptation_id: id }),
        await db.knex('endorsements').where({ adaptation_id: id }),
        await db.knex('adaptation_tags').where({ adaptation_id: id }),
      ]);
      for (const w of [...WORDS, 'secret-unit', 'Secret unit']) expect(around).not.toContain(w);
      // The ids and times stay: the feedback and endorsement rows are still counted, the tombstone still syncs.
      expect(await db.knex('feedback').where({ adaptation_id: id })).toHaveLength(1);
    };

    beforeAll(async () => {
      tdb = await kind.create();
      db = openDb(tdb.target);
      // A database of the version before this one: every migration but 81 and 82 (added later, numbered lower).
      await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version !== 81 && m.version !== 82) });
      const tenancy = new TenancyRepo(db);
      repo = new AdaptationsRepo(db);
      const t = await tenancy.ensureTenant({
        issuer: 'https://lms.example',
        clientId: 'c1',
        name: 'D',
        product: 'canvas',
      });
      const d = await tenancy.addDeployment(t.id, 'dep-1');
      const ana = await tenancy.upsertUser({ tenantId: t.id, deploymentPk: d.id, sub: 'a', name: 'Ana', email: null });
      const ben = await tenancy.upsertUser({ tenantId: t.id, deploymentPk: d.id, sub: 'b', name: 'Ben', email: null });
      people = { tenantId: t.id, ana: ana.id, ben: ben.id };
    });
    afterAll(async () => {
      await db?.close();
      await tdb?.drop();
    });

    it('blanks tombstones written before migration 82 and what was said about them', async () => {
      const old = await put();
      const kept = await put();
      // Deleted the way earlier versions did: the flag only, the text left in place.
      await db.knex('adaptations').where({ id: old }).update({ deleted: true, version: 2 });
      expect((await db.knex('adaptations').where({ id: old }).first()).json).toContain(WORDS[0]);
      expect(await migrate(db)).toEqual([81, 82]);
      await expectBlank(old);
      // A live adaptation is untouched.
      const live = await repo.get(kept);
      expect(live?.json?.body).toBe(WORDS[0]);
      expect((await db.knex('feedback').where({ adaptation_id: kept }).first()).text).toBe(WORDS[2]);
    });

    it('blanks an adaptation when it is deleted, and reads the tombstone back as ids only', async () => {
      const id = await put();
      const sync = new SyncRepo(db);
      await db.knex.transaction((trx) => sync.markDeleted(trx, id, 2));
      await expectBlank(id);
      expect(await repo.get(id)).toMatchObject({
        id,
        deleted: true,
        json: null,
        version: 2,
        author_user_id: people.ana,
      });
      expect(await db.knex.transaction((trx) => sync.current(trx, id))).toMatchObject({ deleted: true, json: null });
      expect(await db.knex('passage_members').where({ adaptation_id: id })).toEqual([]);
    });
  });
}
