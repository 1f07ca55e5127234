import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADAPTATION_KINDS, LEARNER_NEEDS } from '@margins/shared';
import { openDb, type Db, type DatabaseTarget } from '@margins/lti-tool/data/db';
import { migrate } from '@margins/lti-tool/data/migrations';
import { createFeedTriggers, dropFeedTriggers, urlHash } from '@margins/lti-tool/data/migrations/010-sync';
import { rebuildPassages } from '@margins/lti-tool/data/passage-groups';
import { BulkWriter, indexes } from '../metrics/seed.js';
import { mulberry32 } from '../prng.js';

/**
 * The curriculum insight benchmark's world (issue 20): one curriculum site of 5,000 pages, adapted
 * 1,000,000 times by the teachers of 20 districts (1,000 teachers in 20 schools each), written with
 * bulk inserts, then grouped into passages with the bulk rebuild (`rebuildPassages`), and cached
 * (SQLite file under tests/.tmp, PostgreSQL database margins_bench_insight_v<N>_<size>).
 *
 * Pages are adapted unevenly (page p is picked with density ~ 1/sqrt(p): the first pages are hot).
 * Each page has 20 passage slots 200 characters apart; an adaptation picks a slot (low slots more
 * often) and selects 20-80 characters starting up to 30 characters into it, so selections of one
 * slot overlap and slots never merge. 30 % are private (never counted), 10 % have no position (quote
 * only), 15 % of shared ones were tried by a colleague.
 */

/** Bump when the shape of the seed changes: a cached seed of another version is rebuilt. */
export const SEED_VERSION = 1;

/** The shape of the seed (BENCH_ADAPTATIONS scales it down for a quick look). */
export const SEED = {
  adaptations: Number(process.env.BENCH_ADAPTATIONS ?? 1_000_000),
  districts: 20,
  teachersPerDistrict: 1_000,
  schoolsPerDistrict: 20,
  pages: 5_000,
  slots: 20,
  site: 'https://curriculum.bench.example',
};

/** What the benchmark needs to know about a ready database. */
export interface Seeded {
  target: DatabaseTarget;
  tenantId: string;
  tenantName: string;
  hotPage: string;
  typicalPage: string;
  reused: boolean;
  seconds: number;
  rebuildSeconds: number | null;
  counts: Record<string, number>;
}

const here = dirname(fileURLToPath(import.meta.url));
const pageUrl = (p: number) => `${SEED.site}/unit-${Math.floor(p / 50) + 1}/lesson-${(p % 50) + 1}`;

async function seedTarget(kind: 'sqlite' | 'postgres'): Promise<DatabaseTarget> {
  if (kind === 'sqlite') {
    const dataDir = join(here, '..', '..', '.tmp', `bench-insight-v${SEED_VERSION}-${SEED.adaptations}`);
    mkdirSync(dataDir, { recursive: true });
    return { kind: 'sqlite', file: join(dataDir, 'margins.sqlite') };
  }
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('Set BENCH_DATABASE_URL or TEST_DATABASE_URL for PostgreSQL.');
  const name = `margins_bench_insight_v${SEED_VERSION}_${SEED.adaptations}`;
  const a = openDb({ kind: 'postgres', url: admin });
  if (!(await a.knex.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name])).rows.length)
    await a.knex.raw(`CREATE DATABASE ${name}`);
  await a.close();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { kind: 'postgres', url: u.toString() };
}

async function resetStorage(target: DatabaseTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(target.file + suffix, { force: true });
    return;
  }
  const u = new URL(target.url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const a = openDb({ kind: 'postgres', url: u.toString() });
  await a.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await a.knex.raw(`CREATE DATABASE ${name}`);
  await a.close();
}

/** Opens (and seeds, when needed) the benchmark database of `kind`. */
export async function ensureSeed(kind: 'sqlite' | 'postgres', log: (s: string) => void): Promise<Seeded> {
  const target = await seedTarget(kind);
  let db = openDb(target);
  try {
    await migrate(db);
    const started = Date.now();
    let reused = true;
    let rebuildSeconds: number | null = null;
    const info = (await db.knex.schema.hasTable('bench_insight_seed_info'))
      ? await db.knex('bench_insight_seed_info').first()
      : null;
    if (!info || Number(info.version) !== SEED_VERSION || Number(info.adaptations) !== SEED.adaptations) {
      reused = false;
      await db.close();
      await resetStorage(target);
      db = openDb(target);
      await migrate(db);
      log(`seeding ${SEED.adaptations.toLocaleString('en-US')} adaptations into ${kind} (cached for later runs)…`);
      rebuildSeconds = await seed(db, log);
    }
    const k = db.knex;
    const tenant = await k('tenants').where({ issuer: 'https://bench-insight-0.example' }).first('id', 'name');
    const counts: Record<string, number> = {};
    for (const t of ['users', 'adaptations', 'endorsements', 'passage_members', 'passage_groups'])
      counts[t] = Number((await k(t).count({ n: '*' }))[0]!.n);
    return {
      target,
      tenantId: String(tenant.id),
      tenantName: String(tenant.name),
      hotPage: pageUrl(0),
      typicalPage: pageUrl(1_000),
      reused,
      seconds: (Date.now() - started) / 1000,
      rebuildSeconds,
      counts,
    };
  } finally {
    await db.close();
  }
}

/** Seeds the world; returns the seconds the passage rebuild took for all districts. */
async function seed(db: Db, log: (s: string) => void): Promise<number> {
  const k = db.knex;
  const rnd = mulberry32(20);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const now = new Date().toISOString();
  const maxParams = db.kind === 'sqlite' ? 30_000 : 60_000;
  const saved = [...(await indexes(db, 'adaptations')), ...(await indexes(db, 'endorsements'))];
  for (const ix of saved) await k.raw(`DROP INDEX ${ix.name}`);
  await dropFeedTriggers(k);
  // PostgreSQL: the storage-usage trigger (migration 068) updates one district row per inserted row; in
  // one bulk transaction every update leaves a version of that row behind, and the load slowed to 75
  // rows a second. Quotas are not part of this benchmark, so the bench database does not keep them.
  if (db.kind === 'postgres') await k.raw('ALTER TABLE adaptations DISABLE TRIGGER USER');

  const tenants: { id: string; teachers: string[] }[] = [];
  await k.transaction(async (trx) => {
    const w = new BulkWriter(trx, maxParams);
    for (let d = 0; d < SEED.districts; d++) {
      const id = randomUUID();
      const dep = randomUUID();
      await trx('tenants').insert({
        id,
        issuer: `https://bench-insight-${d}.example`,
        client_id: 'bench-insight',
        name: `Bench District ${d}`,
        product: 'canvas',
        created_at: now,
      });
      await trx('deployments').insert({ id: dep, tenant_id: id, deployment_id: 'dep-1', name: '', created_at: now });
      const teachers: string[] = [];
      for (let i = 0; i < SEED.teachersPerDistrict; i++) {
        const u = randomUUID();
        teachers.push(u);
        await w.add('users', {
          id: u,
          tenant_id: id,
          deployment_pk: dep,
          sub: `t${i}`,
          name: `Teacher ${d}-${i}`,
          email: null,
          created_at: now,
          last_launch_at: now,
          school_id: `school-${String((i % SEED.schoolsPerDistrict) + 1).padStart(2, '0')}`,
        });
      }
      tenants.push({ id, teachers });
    }
    await w.flush();
  });
  log(
    `  ${SEED.districts} districts, ${(SEED.districts * SEED.teachersPerDistrict).toLocaleString('en-US')} teachers (${seconds()} s)`,
  );

  const startMs = Date.parse('2025-01-01T00:00:00Z');
  const spanMs = 600 * 86_400_000;
  await k.transaction(async (trx) => {
    const w = new BulkWriter(trx, maxParams);
    for (let n = 0; n < SEED.adaptations; n++) {
      const t = tenants[n % SEED.districts]!;
      const authorIx = Math.floor(rnd() * t.teachers.length);
      const author = t.teachers[authorIx]!;
      const page = Math.floor(SEED.pages * rnd() ** 2);
      const slot = Math.floor(SEED.slots * rnd() ** 1.5);
      const start = slot * 200 + Math.floor(rnd() * 30);
      const end = start + 20 + Math.floor(rnd() * 60);
      const quote = `passage ${slot} of page ${page}`;
      const kind = ADAPTATION_KINDS[Math.floor(ADAPTATION_KINDS.length * rnd() ** 1.5)]!.id;
      const need = LEARNER_NEEDS[Math.floor(LEARNER_NEEDS.length * rnd() ** 1.5)]!;
      const r = rnd();
      const visibility = r < 0.3 ? 'private' : r < 0.6 ? 'course' : r < 0.9 ? 'district' : 'network';
      const positioned = rnd() >= 0.1;
      const created = new Date(startMs + rnd() * spanMs).toISOString();
      const id = randomUUID();
      const url = pageUrl(page);
      const json = JSON.stringify({
        kinds: [kind],
        rationale: 'The partly filled table made the pattern visible.',
        audience: { gradeBands: [], subjects: [], learnerNeeds: [need] },
        target: {
          quote: { type: 'TextQuoteSelector', exact: quote, prefix: '', suffix: '' },
          ...(positioned ? { position: { type: 'TextPositionSelector', start, end } } : {}),
        },
      });
      await w.add('adaptations', {
        id,
        tenant_id: t.id,
        author_user_id: author,
        context_pk: null,
        visibility,
        network_status: visibility === 'network' ? 'approved' : 'none',
        version: 1,
        deleted: false,
        canonical_url: url,
        url_hash: urlHash(url),
        page_title: `Lesson ${(page % 50) + 1}`,
        search_text: 'lesson',
        json,
        created_at: created,
        updated_at: created,
      });
      if (visibility !== 'private' && rnd() < 0.15) {
        const who = t.teachers[(authorIx + 1 + Math.floor(rnd() * 998)) % t.teachers.length]!;
        await w.add('endorsements', {
          id: randomUUID(),
          tenant_id: t.id,
          adaptation_id: id,
          user_id: who,
          outcome: rnd() < 0.6 ? 'worked-well' : 'worked-with-changes',
          note: '',
          created_at: created,
          updated_at: created,
        });
      }
      if (n > 0 && n % 100_000 === 0) log(`  ${n.toLocaleString('en-US')} adaptations (${seconds()} s)`);
    }
    await w.flush();
  });
  log(`  rebuilding ${saved.length} indexes (${seconds()} s)…`);
  for (const ix of saved) await k.raw(ix.sql);
  if (db.kind === 'postgres') await k.raw('ALTER TABLE adaptations ENABLE TRIGGER USER');
  await createFeedTriggers(k);
  await k.raw('ANALYZE');
  log(`  grouping passages, district by district (${seconds()} s)…`);
  const t0 = Date.now();
  for (const t of tenants) await rebuildPassages(k, t.id);
  const rebuild = (Date.now() - t0) / 1000;
  log(`  passages rebuilt in ${rebuild.toFixed(0)} s`);
  if (db.kind === 'postgres') await k.raw('VACUUM ANALYZE');
  else await k.raw('ANALYZE');
  await k.schema.createTable('bench_insight_seed_info', (t) => {
    t.integer('version').notNullable();
    t.integer('adaptations').notNullable();
  });
  await k('bench_insight_seed_info').insert({ version: SEED_VERSION, adaptations: SEED.adaptations });
  log(`  seeded in ${seconds()} s`);
  return rebuild;
}
