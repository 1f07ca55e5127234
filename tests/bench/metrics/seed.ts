import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADAPTATION_KINDS } from '@margins/shared';
import { openDb, type Db, type DatabaseTarget } from '@margins/lti-tool/data/db';
import { migrate } from '@margins/lti-tool/data/migrations';
import { dropFeedTriggers, urlHash } from '@margins/lti-tool/data/migrations/010-sync';
import { createFeedTriggers } from '@margins/lti-tool/data/migrations/091-feed-at-commit';
import { rebuildMetricsRollups } from '@margins/lti-tool/data/metrics-rollup';
import { mulberry32 } from '../prng.js';

/**
 * The metrics benchmark's district: 20,000 teachers in 40 schools and 1,000 courses, 1,000,000
 * practices over 24 months and the ledger events they imply, written with bulk inserts and cached
 * (SQLite file under tests/.tmp, PostgreSQL database margins_bench_metrics_v<N>_<size>).
 */

/** Bump when the shape of the seed changes: a cached seed of another version is rebuilt. */
export const SEED_VERSION = 1;

/** The shape of the seed (BENCH_ADAPTATIONS / BENCH_TEACHERS scale it down for a quick look). */
export const SEED = {
  teachers: Number(process.env.BENCH_TEACHERS ?? 20_000),
  adaptations: Number(process.env.BENCH_ADAPTATIONS ?? 1_000_000),
  schools: 40,
  courses: 1_000,
  months: 24,
  /** First day of the first month. */
  start: '2024-12-01T00:00:00.000Z',
  /** Share of teachers also in a second, cross-school course (a PLC). */
  secondCourse: 0.5,
  /** Share of shared practices someone tried (1-3 people), got feedback on, was remixed from. */
  tried: 0.35,
  feedback: 0.08,
  remixed: 0.03,
  curated: 5_000,
  mentoring: 2_000,
};

/** What the benchmark needs to know about a ready database. */
export interface Seeded {
  target: DatabaseTarget;
  tenantId: string;
  tenantName: string;
  school: string;
  courseId: string;
  reused: boolean;
  seconds: number;
  counts: Record<string, number>;
}

const here = dirname(fileURLToPath(import.meta.url));
const TENANT = { issuer: 'https://bench-metrics.example', clientId: 'bench-metrics', name: 'Bench Metrics District' };

/** Where a kind's cached seed lives. */
export async function seedTarget(kind: 'sqlite' | 'postgres'): Promise<DatabaseTarget> {
  const size = `${SEED.teachers}-${SEED.adaptations}`;
  if (kind === 'sqlite') {
    const dataDir = join(here, '..', '..', '.tmp', `bench-metrics-v${SEED_VERSION}-${size}`);
    mkdirSync(dataDir, { recursive: true });
    return { kind: 'sqlite', file: join(dataDir, 'margins.sqlite') };
  }
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!admin)
    throw new Error(
      'Set BENCH_DATABASE_URL or TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) for PostgreSQL.',
    );
  const name = `margins_bench_metrics_v${SEED_VERSION}_${size.replace('-', '_')}`;
  const a = openDb({ kind: 'postgres', url: admin });
  const exists = await a.knex.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
  if (!exists.rows.length) await a.knex.raw(`CREATE DATABASE ${name}`);
  await a.close();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { kind: 'postgres', url: u.toString() };
}

/** Opens (and seeds, when needed) the benchmark database of `kind`. */
export async function ensureSeed(kind: 'sqlite' | 'postgres', log: (s: string) => void): Promise<Seeded> {
  const target = await seedTarget(kind);
  let db = openDb(target);
  try {
    await migrate(db);
    const started = Date.now();
    let reused = true;
    if (!(await seedComplete(db))) {
      reused = false;
      // A half-finished earlier seed (which may have dropped indexes) is thrown away with its database.
      await db.close();
      await resetStorage(target);
      db = openDb(target);
      await migrate(db);
      log(
        `seeding ${SEED.teachers.toLocaleString('en-US')} teachers and ${SEED.adaptations.toLocaleString('en-US')} practices into ${kind} (cached for later runs)…`,
      );
      await seed(db, log);
    }
    const k = db.knex;
    const tenant = await k('tenants').where({ issuer: TENANT.issuer, client_id: TENANT.clientId }).first('id', 'name');
    const course = await k('course_contexts').where({ tenant_id: tenant.id, context_id: 'course-0001' }).first('id');
    const counts: Record<string, number> = {};
    for (const t of [
      'users',
      'course_participants',
      'adaptations',
      'adaptation_tags',
      'contribution_events',
      'metrics_person_months',
      'metrics_adaptations',
      'metrics_kind_months',
    ]) {
      counts[t] = Number((await k(t).count({ n: '*' }))[0]!.n);
    }
    return {
      target,
      tenantId: String(tenant.id),
      tenantName: String(tenant.name),
      school: 'school-01',
      courseId: String(course.id),
      reused,
      seconds: (Date.now() - started) / 1000,
      counts,
    };
  } finally {
    await db.close();
  }
}

/** Empties the benchmark database: removes the SQLite files, or drops and recreates the PostgreSQL database. */
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

async function seedComplete(db: Db): Promise<boolean> {
  if (!(await db.knex.schema.hasTable('bench_metrics_seed_info'))) return false;
  const row = await db.knex('bench_metrics_seed_info').first();
  return (
    !!row &&
    Number(row.version) === SEED_VERSION &&
    Number(row.adaptations) === SEED.adaptations &&
    Number(row.teachers) === SEED.teachers
  );
}

/** Secondary index definitions of a table, so they can be dropped for the load and rebuilt after. */
export async function indexes(db: Db, table: string): Promise<{ name: string; sql: string }[]> {
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

/** Writes rows in multi-row INSERTs of a size both drivers accept. */
export class BulkWriter {
  private readonly buffers = new Map<string, Record<string, unknown>[]>();
  constructor(
    private readonly k: Db['knex'],
    private readonly maxParams: number,
  ) {}
  async add(table: string, row: Record<string, unknown>): Promise<void> {
    const buf = this.buffers.get(table) ?? [];
    this.buffers.set(table, buf);
    buf.push(row);
    // knex writes a SQLite multi-row insert as one compound SELECT (at most 500 terms).
    // Every table is flushed together, in the order first seen, so a row is never written before what it references.
    if (buf.length >= 450 || buf.length * Object.keys(row).length >= this.maxParams) await this.flush();
  }
  async flush(): Promise<void> {
    for (const [t, buf] of this.buffers) if (buf.length) await this.k(t).insert(buf.splice(0, buf.length));
  }
}

async function seed(db: Db, log: (s: string) => void): Promise<void> {
  const k = db.knex;
  const rnd = mulberry32(7);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const startMs = Date.parse(SEED.start);
  const spanMs = Date.parse(new Date(Date.UTC(2024, 11 + SEED.months, 1)).toISOString()) - startMs;
  const at = (ms: number) => new Date(Math.min(ms, startMs + spanMs - 1)).toISOString();

  const tenantId = randomUUID();
  const depId = randomUUID();
  const now = new Date().toISOString();
  await k('tenants').insert({
    id: tenantId,
    issuer: TENANT.issuer,
    client_id: TENANT.clientId,
    name: TENANT.name,
    product: 'canvas',
    created_at: now,
  });
  await k('deployments').insert({ id: depId, tenant_id: tenantId, deployment_id: 'dep-1', name: '', created_at: now });

  const maxParams = db.kind === 'sqlite' ? 30_000 : 60_000;
  const saved = [
    ...(await indexes(db, 'adaptations')),
    ...(await indexes(db, 'adaptation_tags')),
    ...(await indexes(db, 'contribution_events')),
  ];
  for (const ix of saved) await k.raw(`DROP INDEX ${ix.name}`);
  await dropFeedTriggers(k);

  const perSchool = SEED.courses / SEED.schools;
  const school = (i: number) => `school-${String((i % SEED.schools) + 1).padStart(2, '0')}`;
  const teacher = Array.from({ length: SEED.teachers }, (_, i) => {
    // Most teachers launch Margins in the first months; the district keeps growing after that.
    const joined = rnd() < 0.7 ? startMs + rnd() * spanMs * 0.15 : startMs + rnd() * spanMs;
    const primary = (i % SEED.schools) + SEED.schools * (Math.floor(i / SEED.schools) % perSchool);
    const second = rnd() < SEED.secondCourse ? Math.floor(rnd() * SEED.courses) : null;
    return { id: randomUUID(), school: school(i), joined, primary, second: second === primary ? null : second };
  });
  const courseIds = Array.from({ length: SEED.courses }, () => randomUUID());
  /** Teachers whose primary course is `c` (for "tried by a colleague of the course"). */
  const members = Array.from({ length: SEED.courses }, () => [] as number[]);
  teacher.forEach((t, i) => members[t.primary]!.push(i));

  await k.transaction(async (trx) => {
    const tw = new BulkWriter(trx, maxParams);
    for (let c = 0; c < SEED.courses; c++) {
      await tw.add('course_contexts', {
        id: courseIds[c],
        tenant_id: tenantId,
        deployment_pk: depId,
        context_id: `course-${String(c + 1).padStart(4, '0')}`,
        title: `Course ${c + 1} (${school(c)})`,
        created_at: now,
        school_id: school(c),
      });
    }
    await tw.flush();
    for (let i = 0; i < SEED.teachers; i++) {
      const t = teacher[i]!;
      const joined = at(t.joined);
      await tw.add('users', {
        id: t.id,
        tenant_id: tenantId,
        deployment_pk: depId,
        sub: `t${i}`,
        name: `Teacher ${i}`,
        email: null,
        created_at: joined,
        last_launch_at: joined,
        school_id: t.school,
      });
    }
    await tw.flush();
    for (const t of teacher) {
      for (const c of t.second === null ? [t.primary] : [t.primary, t.second]) {
        await tw.add('course_participants', {
          context_pk: courseIds[c],
          user_id: t.id,
          tenant_id: tenantId,
          first_seen_at: at(t.joined),
          last_seen_at: at(t.joined),
        });
      }
    }
    await tw.flush();
  });
  log(
    `  ${SEED.teachers.toLocaleString('en-US')} teachers, ${SEED.courses} courses, ${SEED.schools} schools (${seconds()} s)`,
  );

  const json = JSON.stringify({
    body: 'Give each pair a ratio table with the first two rows filled in.',
    rationale: 'The partly filled table made the pattern visible.',
  });
  const shared: { id: string; author: number }[] = [];
  let w = new BulkWriter(k, maxParams);
  const event = async (
    type: string,
    actor: number,
    adaptationId: string | null,
    ms: number,
    course: number | null,
    data: Record<string, unknown> = {},
  ) => {
    const a = teacher[actor]!;
    await w.add('contribution_events', {
      id: randomUUID(),
      tenant_id: tenantId,
      type,
      actor_user_id: a.id,
      beneficiary_user_id: null,
      adaptation_id: adaptationId,
      context_pk: course === null ? null : courseIds[course],
      school_id: a.school,
      data_json: JSON.stringify(data),
      dedupe_key: null,
      at: at(ms),
    });
  };
  const pick = (list: number[]) => list[Math.floor(rnd() * list.length)]!;
  await k.transaction(async (trx) => {
    w = new BulkWriter(trx, maxParams);
    for (let n = 0; n < SEED.adaptations; n++) {
      // A few teachers author much more than most (leadership is uneven: evenness has something to measure).
      const author = Math.floor(SEED.teachers * rnd() ** 1.8);
      const t = teacher[author]!;
      const course = t.second !== null && rnd() < 0.2 ? t.second : t.primary;
      const created = t.joined + rnd() * (startMs + spanMs - t.joined);
      const r = rnd();
      const visibility = r < 0.3 ? 'private' : r < 0.6 ? 'course' : r < 0.9 ? 'district' : 'network';
      const id = randomUUID();
      const url = `https://curriculum.example.org/grade-${(n % 8) + 3}/unit-${n % 40}/lesson-${n % 100}`;
      await w.add('adaptations', {
        id,
        tenant_id: tenantId,
        author_user_id: t.id,
        context_pk: courseIds[course],
        visibility,
        network_status: visibility === 'network' ? 'approved' : 'none',
        version: 1,
        deleted: false,
        canonical_url: url,
        url_hash: urlHash(url),
        page_title: `Lesson ${n % 100}`,
        search_text: `lesson ${n % 100}`,
        json,
        created_at: at(created),
        updated_at: at(created),
      });
      const kinds = new Set([Math.floor(ADAPTATION_KINDS.length * rnd() ** 1.5)]);
      if (rnd() < 0.4) kinds.add(Math.floor(rnd() * ADAPTATION_KINDS.length));
      for (const kd of kinds)
        await w.add('adaptation_tags', {
          adaptation_id: id,
          tenant_id: tenantId,
          tag: `kind:${ADAPTATION_KINDS[kd]!.id}`,
        });
      if (visibility === 'private') continue;
      shared.push({ id, author });
      await event('shared', author, id, created, course, { visibility });
      if (rnd() < SEED.tried) {
        const times = 1 + Math.floor(rnd() * 3);
        for (let x = 0; x < times; x++) {
          const q = rnd();
          // 60% a colleague of the course, 25% someone of the same school, 15% anyone in the district.
          const who =
            q < 0.6
              ? pick(members[course]!)
              : q < 0.85
                ? (author % SEED.schools) + SEED.schools * Math.floor(rnd() * (SEED.teachers / SEED.schools))
                : Math.floor(rnd() * SEED.teachers);
          if (who === author || who >= SEED.teachers) continue;
          await event('endorsed', who, id, created + rnd() * 60 * 86_400_000, teacher[who]!.primary, {
            outcome: rnd() < 0.6 ? 'worked-well' : 'worked-with-changes',
          });
        }
      }
      if (rnd() < SEED.feedback) {
        const who = pick(members[course]!);
        if (who !== author)
          await event('feedback-given', who, id, created + rnd() * 30 * 86_400_000, teacher[who]!.primary, {
            feedbackType: 'question',
          });
      }
      if (rnd() < SEED.remixed) {
        const who = Math.floor(rnd() * SEED.teachers);
        if (who !== author)
          await event('remixed', who, id, created + rnd() * 90 * 86_400_000, teacher[who]!.primary, {
            remix: randomUUID(),
          });
      }
      if (n > 0 && n % 100_000 === 0) log(`  ${n.toLocaleString('en-US')} practices (${seconds()} s)`);
    }
    // Coaches (the first 50 teachers) curate; mentoring pairs meet.
    for (let n = 0; n < SEED.curated; n++) {
      const s = shared[Math.floor(rnd() * shared.length)]!;
      await event('curated', n % 50, s.id, startMs + rnd() * spanMs, null, {});
    }
    for (let n = 0; n < SEED.mentoring; n++)
      await event('mentoring', Math.floor(rnd() * SEED.teachers), null, startMs + rnd() * spanMs, null, {
        activityKind: 'co-planning',
      });
    await w.flush();
  });
  log(`  rebuilding ${saved.length} indexes (${seconds()} s)…`);
  for (const ix of saved) await k.raw(ix.sql);
  await createFeedTriggers(k);
  await k.raw('ANALYZE');
  log(`  computing the metrics rollups from the ledger (${seconds()} s)…`);
  const t0 = Date.now();
  await rebuildMetricsRollups(k, tenantId);
  log(`  rollups rebuilt in ${Math.round((Date.now() - t0) / 1000)} s`);
  if (db.kind === 'postgres') await k.raw('VACUUM ANALYZE');
  else await k.raw('ANALYZE');
  await k.schema.createTable('bench_metrics_seed_info', (t) => {
    t.integer('version').notNullable();
    t.integer('teachers').notNullable();
    t.integer('adaptations').notNullable();
    t.string('created_at', 32).notNullable();
  });
  await k('bench_metrics_seed_info').insert({
    version: SEED_VERSION,
    teachers: SEED.teachers,
    adaptations: SEED.adaptations,
    created_at: new Date().toISOString(),
  });
  log(`  seeded in ${seconds()} s`);
}
