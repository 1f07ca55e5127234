import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { DEFAULT_RECOGNITION_RULES, evaluateRecognitionRules } from '@margins/shared';
import { KeyEncryptionKey } from '@margins/lti-tool/badges';
import { openDb, type DatabaseTarget, type Db } from '@margins/lti-tool/data/db';
import { DbLocks } from '@margins/lti-tool/data/db-locks';
import { databaseKinds } from '@margins/lti-tool/testing/databases';
import { LedgerRepo } from '@margins/lti-tool/data/ledger-repo';
import { migrate } from '@margins/lti-tool/data/migrations';
import { RecognitionRepo } from '@margins/lti-tool/data/recognition-repo';
import { TenancyRepo } from '@margins/lti-tool/data/tenancy-repo';
import { createLogger } from '@margins/lti-tool/http/logger';
import { BadgeIssuer } from '@margins/lti-tool/services/badge-issuer';
import { RecognitionService } from '@margins/lti-tool/services/recognition-service';
import { BENCH_KINDS, percentile } from '../report-context.js';

/**
 * What a recognition pass costs in a district with a large ledger (issue 7, issue 17), on SQLite and,
 * when TEST_DATABASE_URL is set, PostgreSQL (BENCH_KINDS picks one):
 * - the first pass, which evaluates every rule and signs every credential earned (per credential);
 * - a pass with nothing new (what every recognition view does first): the watermark check;
 * - a pass after one more event: incremental (issue 17), only the events of that event's people;
 * - a pass after the rules changed: the full evaluation over the whole ledger, nothing to issue.
 * Above FULL_PASS_LIMIT events (1.26 million: a state's district) the first and the full pass are not
 * run (they would sign a credential for everything ever earned, hours here): the district is left as a
 * complete pass leaves it (the watermark at the ledger's head), and the people the timed events are
 * about are brought up to date first, untimed, so the timed passes issue only what the new event earns.
 * Not a test: `pnpm --filter @margins/tests bench:recognition` (BENCH_EVENTS, BENCH_PEOPLE, BENCH_PASSES).
 * BENCH_DATABASE_URL: a PostgreSQL database this bench kept (BENCH_KEEP=1) is used again as it is,
 * migrated, without writing the ledger again (a 1.26-million-event seed takes minutes).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300);
const PASSES = Number(process.env.BENCH_PASSES ?? 20);
const FULL_PASS_LIMIT = 100_000;
const REUSE = process.env.BENCH_DATABASE_URL;
/** Keys of this run's timed events: a database used again gets new ones. */
const RUN = randomUUID().slice(0, 8);
const OUTCOMES = ['worked-well', 'worked-with-changes', 'mixed', 'did-not-work', 'not-yet-tried'];
const TYPES = ['shared', 'endorsed', 'endorsed', 'feedback-given', 'remixed', 'endorsed', 'feedback-given'] as const;
const ALL_TYPES = ['shared', 'endorsed', 'remixed', 'feedback-given', 'curated', 'mentoring'] as const;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

/** Writes `count` rows made by `row(i)` in batches (one transaction per 5,000). */
async function bulk(db: Db, table: string, count: number, row: (i: number) => Record<string, unknown>) {
  const chunk = db.kind === 'postgres' ? 1_000 : 500;
  for (let i = 0; i < count; i += 5_000)
    await db.knex.batchInsert(
      table,
      Array.from({ length: Math.min(5_000, count - i) }, (_, j) => row(i + j)),
      chunk,
    );
}

const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${percentile(s, 0.5).toFixed(1)} ms, p95 ${percentile(s, 0.95).toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
};

async function run(name: string, target: DatabaseTarget): Promise<void> {
  const db = openDb(target);
  await migrate(db);
  const tenancy = new TenancyRepo(db);
  const tenant = await tenancy.ensureTenant({
    issuer: 'https://bench.example',
    clientId: 'c',
    name: 'Bench District',
    product: 'canvas',
  });
  const dep = await tenancy.addDeployment(tenant.id, 'dep-1');
  const reused = Boolean(REUSE) && (await db.knex('users').where('tenant_id', tenant.id).first('id')) !== undefined;
  const users = reused
    ? ((await db.knex('users').where('tenant_id', tenant.id).orderBy('sub').pluck('id')) as string[])
    : Array.from({ length: PEOPLE }, () => randomUUID());
  // The key-encryption key is new each run: the kept database's issuer key could not be opened.
  if (reused) await db.knex('issuer_keys').where('tenant_id', tenant.id).delete();
  const now = new Date().toISOString();
  if (!reused)
    await bulk(db, 'users', PEOPLE, (i) => ({
      id: users[i],
      tenant_id: tenant.id,
      deployment_pk: dep.id,
      sub: `u${i}`,
      name: `Teacher ${i}`,
      email: `t${i}@bench.example`,
      created_at: now,
      last_launch_at: now,
    }));
  const adaptations = Array.from({ length: Math.max(10, Math.floor(EVENTS / 20)) }, () => randomUUID());
  const authorOf = (a: number) => users[a % users.length]!;
  const random = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const start = Date.parse('2024-01-01T00:00:00Z');

  const repo = new RecognitionRepo(db);
  const ledger = new LedgerRepo(db);
  const issuer = new BadgeIssuer({
    repo,
    tenancy,
    kek: KeyEncryptionKey.parse(KeyEncryptionKey.generateConfigValue()),
    baseUrl: 'https://margins.bench.example',
  });
  const locks = new DbLocks(target);
  const service = new RecognitionService({ db, locks, repo, ledger, tenancy, issuer, logger: createLogger('silent') });
  const large = EVENTS > FULL_PASS_LIMIT;
  // On the empty ledger: the rules are written and the watermark records them (nothing to evaluate).
  if (large && !reused) await service.evaluate(tenant.id);

  const [, seeded] = await time(async () => {
    if (reused) return;
    await bulk(db, 'contribution_events', EVENTS, (i) => {
      const type = pick(TYPES);
      const a = Math.floor(random() * adaptations.length);
      return {
        id: randomUUID(),
        tenant_id: tenant.id,
        type,
        actor_user_id: type === 'shared' ? authorOf(a) : pick(users),
        beneficiary_user_id: type === 'shared' ? null : authorOf(a),
        adaptation_id: adaptations[a],
        context_pk: null,
        school_id: `school-${Math.floor(random() * 12)}`,
        data_json: JSON.stringify(type === 'endorsed' ? { outcome: pick(OUTCOMES) } : {}),
        dedupe_key: `bench:${i}`,
        at: new Date(start + i * 1000).toISOString(),
      };
    });
    if (db.kind === 'postgres') await db.knex.raw('ANALYZE contribution_events');
  });

  // The people of the timed events: a few pairs, as one teacher endorsing another's practice.
  const pairs = Array.from({ length: 5 }, () => [pick(users), pick(users)] as const);
  const extra = (i: number, key = `bench:extra:${RUN}:${i}`) => {
    const [actor, beneficiary] = pairs[i % pairs.length]!;
    return ledger.append({
      tenantId: tenant.id,
      type: 'endorsed',
      actorUserId: actor,
      beneficiaryUserId: beneficiary,
      adaptationId: pick(adaptations),
      data: { outcome: pick(OUTCOMES) },
      dedupeKey: key,
    });
  };
  let issued = 0;
  let first = NaN;
  if (large) {
    // As a complete pass leaves the district: evaluated up to the ledger's head.
    await db
      .knex('recognition_watermarks')
      .where('tenant_id', tenant.id)
      .update({ seq: await ledger.head(tenant.id) });
    // Untimed: the pairs' people get what their history earned (the first pass would have signed it).
    for (let i = 0; i < pairs.length; i++) {
      await extra(i, `bench:warm:${RUN}:${i}`);
      issued += await service.evaluate(tenant.id);
    }
  } else {
    [issued, first] = await time(() => service.evaluate(tenant.id));
  }
  const unchanged: number[] = [];
  for (let i = 0; i < PASSES; i++) unchanged.push((await time(() => service.evaluate(tenant.id)))[1]);
  const incremental: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    await extra(i);
    incremental.push((await time(() => service.evaluate(tenant.id)))[1]);
  }
  const full: number[] = [];
  if (!large)
    for (let i = 0; i < 5; i++) {
      // What a change of the rules costs: without the watermark the next pass evaluates everything.
      await db.knex('recognition_watermarks').where('tenant_id', tenant.id).delete();
      full.push((await time(() => service.evaluate(tenant.id)))[1]);
    }
  console.log(`\n${name}: ${EVENTS.toLocaleString('en')} ledger events, ${PEOPLE.toLocaleString('en')} teachers`);
  if (reused) console.log(`  ledger of a kept database used again: ${REUSE}`);
  else console.log(`  ledger written in ${(seeded / 1000).toFixed(0)} s (bulk inserts)`);
  if (large)
    console.log(
      `  first pass: not run at this size (watermark set at the head; ${issued} recognitions issued untimed to the timed events' people)`,
    );
  else
    console.log(
      `  first pass: ${issued} recognitions issued in ${(first / 1000).toFixed(1)} s (${(first / Math.max(1, issued)).toFixed(1)} ms per signed credential, evaluation included)`,
    );
  console.log(`  pass with nothing new (each recognition view), ${PASSES} passes: ${fmt(unchanged)}`);
  console.log(`  pass after one new event (incremental), ${PASSES} passes: ${fmt(incremental)} (target: under 20 ms)`);
  const p50 = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  console.log(
    `  one new event against nothing new (p50): ${(p50(incremental) / p50(unchanged)).toFixed(2)}x; load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (!large) {
    const [events, read] = await time(() => ledger.events(tenant.id, { types: [...ALL_TYPES] }));
    const [, evaluated] = await time(async () => evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, events));
    console.log(`  pass after the rules changed (whole ledger re-evaluated, nothing to issue): ${fmt(full)}`);
    console.log(
      `    of which reading and parsing the ledger: ${read.toFixed(0)} ms; the rules evaluator alone: ${evaluated.toFixed(0)} ms`,
    );
  }
  await service.stop();
  await locks.close();
  await db.close();
}

if (REUSE) await run('PostgreSQL', { kind: 'postgres', url: REUSE });
for (const kind of REUSE ? [] : databaseKinds().filter((k) => BENCH_KINDS.includes(k.name))) {
  const tdb = await kind.create();
  try {
    await run(kind.name === 'sqlite' ? 'SQLite' : 'PostgreSQL', tdb.target);
  } finally {
    // BENCH_KEEP=1 leaves the database for a look at the plans (EXPLAIN ANALYZE); drop it yourself.
    if (process.env.BENCH_KEEP) console.log(`  kept: ${JSON.stringify(tdb.target)}`);
    else await tdb.drop();
  }
}
