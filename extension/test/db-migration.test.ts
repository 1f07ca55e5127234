import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import { MarginsDb, SCHEMA_V1 } from '../src/background/db.js';

describe('the database schema', () => {
  it('upgrades a release-1 database with data to the current schema without losing anything', async () => {
    const name = `margins-migration-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const legacyUrl = 'https://Curriculum.Example.org:443/unit/2?utm_campaign=x&b=2&a=1#section-4';
    const adaptation = { ...makeAdaptation(), page: { url: legacyUrl, title: 'Unit 2' } };
    await v1
      .table('adaptations')
      .add({ id: adaptation.id, pageUrl: legacyUrl, updatedAt: adaptation.updatedAt, adaptation });
    await v1.table('outbox').add({
      idempotencyKey: crypto.randomUUID(),
      op: 'upsert',
      adaptationId: adaptation.id,
      baseVersion: null,
      adaptation,
      attempts: 2,
    });
    await v1.table('drafts').add({
      key: 'new|x',
      pageUrl: 'https://curriculum.example.org/unit/2',
      fields: {},
      updatedAt: '2026-01-01T00:00:00Z',
    });
    await v1.table('settings').bulkAdd([
      { key: 'enabledSites', value: ['https://curriculum.example.org', 'http://127.0.0.1'] },
      { key: 'localAuthor', value: { id: 'local:1' } },
    ]);
    v1.close();

    const db = new MarginsDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    const [row] = await db.adaptations.toArray();
    expect(row).toMatchObject({
      id: adaptation.id,
      pageUrl: 'https://curriculum.example.org/unit/2?a=1&b=2',
      syncedVersion: null,
    });
    expect(row!.adaptation.page.url).toBe('https://curriculum.example.org/unit/2?a=1&b=2');
    expect(await db.adaptations.where('pageUrl').equals('https://curriculum.example.org/unit/2?a=1&b=2').count()).toBe(
      1,
    );
    const [outbox] = await db.outbox.toArray();
    expect(outbox).toMatchObject({ attempts: 2, nextAttemptAt: 0, lastError: null });
    expect(typeof outbox!.createdAt).toBe('string');
    expect(await db.outbox.where('nextAttemptAt').belowOrEqual(Date.now()).count()).toBe(1);
    expect((await db.sites.toArray()).map((s) => s.site).sort()).toEqual([
      'http://127.0.0.1',
      'https://curriculum.example.org',
    ]);
    expect(await db.settings.get('enabledSites')).toBeUndefined();
    expect(await db.settings.get('localAuthor')).toMatchObject({ value: { id: 'local:1' } });
    expect(await db.drafts.count()).toBe(1);
    expect(await db.trash.count()).toBe(0);
    expect(await db.shared.count()).toBe(0);
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.hotSpots.count()).toBe(0);
    db.close();
  });

  it('creates the current schema directly on a new profile', async () => {
    const db = new MarginsDb(`margins-new-${crypto.randomUUID()}`);
    await db.open();
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'adaptations',
      'conflicts',
      'drafts',
      'hotSpots',
      'outbox',
      'pageLookups',
      'settings',
      'shared',
      'sites',
      'trash',
    ]);
    expect(db.adaptations.schema.indexes.map((i) => i.name).sort()).toEqual(['pageUrl', 'syncProblem.at', 'updatedAt']);
    db.close();
  });
});
