import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdaptationSchema } from '@margins/shared';
import { openDb, type Db, type DatabaseTarget } from '@margins/lti-tool/data/db';
import { migrate } from '@margins/lti-tool/data/migrations';
import { dropFeedTriggers, urlHash } from '@margins/lti-tool/data/migrations/010-sync';
import { createFeedTriggers } from '@margins/lti-tool/data/migrations/091-feed-at-commit';
import { mulberry32 } from '../prng.js';

/**
 * The sync benchmark's data: 1,000,000 adaptations spread over districts and curriculum pages,
 * written with bulk inserts (not the API), cached between runs (SQLite file under tests/.tmp,
 * PostgreSQL database margins_bench_sync_v<N>) and reused when it is complete.
 */

/** Bump when the shape of the seed changes: a cached seed of another version is rebuilt. */
export const SEED_VERSION = 2;

/** The shape of the seed (env BENCH_ADAPTATIONS scales it down for a quick look). */
export const SEED = {
  adaptations: Number(process.env.BENCH_ADAPTATIONS ?? 1_000_000),
  tenants: 20,
  teachersPerTenant: 250,
  coursesPerTenant: 25,
  /** BENCH_PAGES: fewer pages keep a smaller seed's density (200 adaptations a page) for a quick look. */
  pages: Number(process.env.BENCH_PAGES ?? 5_000),
  /** Share of adaptations with endorsements (1-3 each) and with one piece of feedback. */
  endorsed: 0.15,
  withFeedback: 0.05,
};

/** Visibility mix: private 30%, course 25%, district 35%, network 10% (half of it approved by a coach). */
function visibilityFor(r: number): { visibility: string; network: string } {
  if (r < 0.3) return { visibility: 'private', network: 'none' };
  if (r < 0.55) return { visibility: 'course', network: 'none' };
  if (r < 0.9) return { visibility: 'district', network: 'none' };
  return { visibility: 'network', network: r < 0.95 ? 'approved' : 'pending' };
}

/** The curriculum page URL number `i` (canonical form). */
export function pageUrl(i: number): string {
  return `https://curriculum.example.org/grade-${(i % 8) + 3}/unit-${Math.floor(i / 100) + 1}/lesson-${(i % 100) + 1}`;
}

/** A benchmark viewer: a teacher with a paired browser in a course. */
export interface Viewer {
  tenantId: string;
  userId: string;
  contextPk: string;
}

/** A ready database and what the benchmark needs to know about it. */
export interface Seeded {
  target: DatabaseTarget;
  dataDir: string;
  /** One teacher (with a course) per tenant, for viewers. */
  teachers: Viewer[];
  reused: boolean;
  seconds: number;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Where a kind's cached seed lives. */
export async function seedTarget(kind: 'sqlite' | 'postgres'): Promise<{ target: DatabaseTarget; dataDir: string }> {
  const size = SEED.pages === 5_000 ? `${SEED.adaptations}` : `${SEED.adaptations}_${SEED.pages}`;
  const dataDir = join(here, '..', '..', '.tmp', `bench-sync-v${SEED_VERSION}-${size}`);
  mkdirSync(dataDir, { recursive: true });
  if (kind === 'sqlite') return { target: { kind: 'sqlite', file: join(dataDir, 'margins.sqlite') }, dataDir };
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin)
    throw new Error('Set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) for the PostgreSQL rows.');
  const name = `margins_bench_sync_v${SEED_VERSION}_${size}`;
  const a = openDb({ kind: 'postgres', url: admin });
  const exists = await a.knex.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
  if (!exists.rows.length) await a.knex.raw(`CREATE DATABASE ${name}`);
  await a.close();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { target: { kind: 'postgres', url: u.toString() }, dataDir };
}

/** Opens (and seeds, when needed) the benchmark database of `kind`. */
export async function ensureSeed(kind: 'sqlite' | 'postgres', log: (s: string) => void): Promise<Seeded> {
  const { target, dataDir } = await seedTarget(kind);
  const db = openDb(target);
  try {
    await migrate(db);
    const started = Date.now();
    let reused = true;
    if (!(await seedComplete(db))) {
      reused = false;
      log(`seeding ${SEED.adaptations.toLocaleString('en-US')} adaptations into ${kind} (cached for later runs)…`);
      await seed(db, log);
    }
    const teachers = await db
      .knex('users as u')
      .join('course_contexts as c', 'c.tenant_id', 'u.tenant_id')
      .where('u.sub', 'like', 't%-0')
      .andWhere('c.context_id', 'like', 'c%-0')
      .select('u.tenant_id as tenantId', 'u.id as userId', 'c.id as contextPk');
    return { target, dataDir, teachers, reused, seconds: (Date.now() - started) / 1000 };
  } finally {
    await db.close();
  }
}

async function seedComplete(db: Db): Promise<boolean> {
  if (!(await db.knex.schema.hasTable('bench_seed_info'))) return false;
  const row = await db.knex('bench_seed_info').first();
  return !!row && Number(row.version) === SEED_VERSION && Number(row.adaptations) === SEED.adaptations;
}

/** Index definitions of a table, read from the catalog, so they can be dropped for the load and rebuilt after. */
async function indexes(db: Db, table: string): Promise<{ name: string; sql: string }[]> {
  if (db.kind === 'sqlite') {
    const rows: { name: string; sql: string | null }[] = await db.knex.raw(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
      [table],
    );
    return rows.map((r) => ({ name: r.name, sql: r.sql! }));
  }
  const res = await db.knex.raw(
    `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = ? AND indexname NOT LIKE '%_pkey'`,
    [table],
  );
  return (res.rows as { name: string; sql: string }[]).filter((r) => !/UNIQUE/i.test(r.sql));
}

async function seed(db: Db, log: (s: string) => void): Promise<void> {
  const k = db.knex;
  const rnd = mulberry32(42);
  const now = new Date().toISOString();
  // Start from empty Margins tables (a half-finished earlier seed is thrown away).
  for (const t of [
    'bench_seed_info',
    'adaptation_changes',
    'feedback',
    'endorsements',
    'adaptation_tags',
    'collection_items',
    'contribution_events',
    'sync_idempotency',
    'refresh_tokens',
    'pairing_codes',
    'devices',
    'adaptations',
  ]) {
    if (await k.schema.hasTable(t)) await k(t).del();
  }

  const tenants: { id: string; teachers: string[]; courses: string[] }[] = [];
  for (let t = 0; t < SEED.tenants; t++) {
    const id = randomUUID();
    await k('tenants')
      .insert({
        id,
        issuer: `https://bench-${t}.example`,
        client_id: `bench-${t}`,
        name: `Bench District ${t}`,
        product: 'canvas',
        created_at: now,
      })
      .onConflict(['issuer', 'client_id'])
      .ignore();
    const tenant = await k('tenants')
      .where({ issuer: `https://bench-${t}.example`, client_id: `bench-${t}` })
      .first();
    const dep = randomUUID();
    await k('deployments')
      .insert({ id: dep, tenant_id: tenant.id, deployment_id: 'dep-1', name: '', created_at: now })
      .onConflict(['tenant_id', 'deployment_id'])
      .ignore();
    const deployment = await k('deployments').where({ tenant_id: tenant.id, deployment_id: 'dep-1' }).first();
    const users = Array.from({ length: SEED.teachersPerTenant }, (_, i) => ({
      id: randomUUID(),
      tenant_id: tenant.id,
      deployment_pk: deployment.id,
      sub: `t${t}-${i}`,
      name: `Teacher ${t}-${i}`,
      email: null,
      created_at: now,
      last_launch_at: now,
    }));
    for (let i = 0; i < users.length; i += 100)
      await k('users')
        .insert(users.slice(i, i + 100))
        .onConflict(['deployment_pk', 'sub'])
        .ignore();
    const courses = Array.from({ length: SEED.coursesPerTenant }, (_, i) => ({
      id: randomUUID(),
      tenant_id: tenant.id,
      deployment_pk: deployment.id,
      context_id: `c${t}-${i}`,
      title: `Course ${t}-${i}`,
      created_at: now,
    }));
    await k('course_contexts').insert(courses).onConflict(['deployment_pk', 'context_id']).ignore();
    tenants.push({
      id: tenant.id,
      teachers: (await k('users').where({ tenant_id: tenant.id }).orderBy('sub').select('id')).map(
        (r: { id: string }) => r.id,
      ),
      courses: (await k('course_contexts').where({ tenant_id: tenant.id }).orderBy('context_id').select('id')).map(
        (r: { id: string }) => r.id,
      ),
    });
  }

  // Bulk load without secondary indexes or feed triggers; both are rebuilt afterwards.
  const saved = [
    ...(await indexes(db, 'adaptations')),
    ...(await indexes(db, 'endorsements')),
    ...(await indexes(db, 'feedback')),
  ];
  for (const ix of saved) await k.raw(`DROP INDEX ${ix.name}`);
  await dropFeedTriggers(k);

  const template = AdaptationSchema.parse({
    id: randomUUID(),
    author: { id: 'x', name: 'x' },
    page: { url: pageUrl(0), title: 'Lesson' },
    target: {
      quote: {
        type: 'TextQuoteSelector',
        exact: 'compare two ratios using a table of equivalent values',
        prefix: 'In this lesson students will ',
        suffix: ' and explain their reasoning.',
      },
      position: { type: 'TextPositionSelector', start: 812, end: 865 },
    },
    kinds: ['scaffolding', 'language-support'],
    body: 'Give each pair a ratio table with the first two rows filled in; model the third row aloud, then let pairs finish and compare.',
    rationale: 'Several learners skipped the table and guessed; the partly filled table made the pattern visible.',
    audience: { gradeBands: ['6-8'], subjects: ['math'], learnerNeeds: ['multilingual-learners'] },
    visibility: 'private',
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  const perStatement = db.kind === 'sqlite' ? 60 : 500;
  const started = Date.now();
  const endorsements: Record<string, unknown>[] = [];
  const feedback: Record<string, unknown>[] = [];
  const flushSocial = async (q: typeof k, force: boolean) => {
    while (endorsements.length >= perStatement || (force && endorsements.length))
      await q('endorsements').insert(endorsements.splice(0, perStatement));
    while (feedback.length >= perStatement || (force && feedback.length))
      await q('feedback').insert(feedback.splice(0, perStatement));
  };
  await k.transaction(async (trx) => {
    let batch: Record<string, unknown>[] = [];
    for (let i = 0; i < SEED.adaptations; i++) {
      const tenant = tenants[Math.floor(rnd() * tenants.length)]!;
      const author = tenant.teachers[Math.floor(rnd() * tenant.teachers.length)]!;
      const course = tenant.courses[Math.floor(rnd() * tenant.courses.length)]!;
      const page = Math.floor(rnd() * SEED.pages);
      const { visibility, network } = visibilityFor(rnd());
      const id = randomUUID();
      const at = new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(rnd() * 300 * 86_400_000)).toISOString();
      const url = pageUrl(page);
      const json = JSON.stringify({
        ...template,
        id,
        author: { id: author, name: `Teacher ${i % 997}` },
        page: { url, title: `Lesson ${page}` },
        visibility,
        createdAt: at,
        updatedAt: at,
        body: `${template.body} (${i})`,
      });
      batch.push({
        id,
        tenant_id: tenant.id,
        author_user_id: author,
        context_pk: course,
        visibility,
        network_status: network,
        version: 1,
        deleted: false,
        canonical_url: url,
        url_hash: urlHash(url),
        page_title: `Lesson ${page}`,
        search_text: `lesson ${page}`,
        json,
        created_at: at,
        updated_at: at,
      });
      if (rnd() < SEED.endorsed) {
        const n = 1 + Math.floor(rnd() * 3);
        const who = new Set<string>();
        while (who.size < n) who.add(tenant.teachers[Math.floor(rnd() * tenant.teachers.length)]!);
        for (const u of who)
          if (u !== author)
            endorsements.push({
              id: randomUUID(),
              tenant_id: tenant.id,
              adaptation_id: id,
              user_id: u,
              outcome: rnd() < 0.6 ? 'worked-well' : 'worked-with-changes',
              note: '',
              created_at: at,
              updated_at: at,
            });
      }
      if (rnd() < SEED.withFeedback)
        feedback.push({
          id: randomUUID(),
          tenant_id: tenant.id,
          adaptation_id: id,
          user_id: tenant.teachers[0]!,
          type: 'question',
          text: 'How long did it take?',
          created_at: at,
        });
      if (batch.length === perStatement) {
        await trx('adaptations').insert(batch);
        batch = [];
        await flushSocial(trx, false);
      }
      if (i > 0 && i % 100_000 === 0)
        log(`  ${i.toLocaleString('en-US')} adaptations (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    if (batch.length) await trx('adaptations').insert(batch);
    await flushSocial(trx, true);
  });
  log(`  rebuilding ${saved.length} indexes and the change feed (${Math.round((Date.now() - started) / 1000)} s)…`);
  for (const ix of saved) await k.raw(ix.sql);
  await k.raw(`INSERT INTO adaptation_changes (adaptation_id, tenant_id, author_user_id, old_visibility, old_context_pk, old_network_status, old_deleted, new_visibility, new_context_pk, new_network_status, new_deleted, cross_tenant, at)
    SELECT id, tenant_id, author_user_id, NULL, NULL, NULL, NULL, visibility, context_pk, network_status, deleted, (visibility = 'network' AND network_status = 'approved'), updated_at FROM adaptations ORDER BY updated_at`);
  await createFeedTriggers(k);
  if (db.kind === 'postgres') await k.raw('VACUUM ANALYZE');
  else await k.raw('ANALYZE');
  if (!(await k.schema.hasTable('bench_seed_info'))) {
    await k.schema.createTable('bench_seed_info', (t) => {
      t.integer('version').notNullable();
      t.integer('adaptations').notNullable();
      t.string('created_at', 32).notNullable();
    });
  }
  await k('bench_seed_info').insert({
    version: SEED_VERSION,
    adaptations: SEED.adaptations,
    created_at: new Date().toISOString(),
  });
  log(`  seeded in ${Math.round((Date.now() - started) / 1000)} s`);
}
