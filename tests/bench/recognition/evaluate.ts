import { randomUUID } from 'node:crypto';
import { DEFAULT_RECOGNITION_RULES, evaluateRecognitionRules } from '@margins/shared';
import { KeyEncryptionKey } from '@margins/lti-tool/badges';
import { openDb, type DatabaseTarget } from '@margins/lti-tool/data/db';
import { databaseKinds } from '@margins/lti-tool/testing/databases';
import { LedgerRepo } from '@margins/lti-tool/data/ledger-repo';
import { migrate } from '@margins/lti-tool/data/migrations';
import { RecognitionRepo } from '@margins/lti-tool/data/recognition-repo';
import { TenancyRepo } from '@margins/lti-tool/data/tenancy-repo';
import { createLogger } from '@margins/lti-tool/http/logger';
import { BadgeIssuer } from '@margins/lti-tool/services/badge-issuer';
import { RecognitionService } from '@margins/lti-tool/services/recognition-service';

/**
 * What a recognition pass costs in a district with a large ledger (issue 7), on SQLite and, when
 * TEST_DATABASE_URL is set, PostgreSQL:
 * - the first pass, which evaluates every rule and signs every credential earned (per credential);
 * - a pass with nothing new (what every recognition view does first): the ledger count check;
 * - a pass after one more event: the full evaluation over the whole ledger, nothing to issue.
 * Not a test: `pnpm --filter @margins/tests bench:recognition` (BENCH_EVENTS, BENCH_PEOPLE to change the size).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300);
const OUTCOMES = ['worked-well', 'worked-with-changes', 'mixed', 'did-not-work', 'not-yet-tried'];
const TYPES = ['shared', 'endorsed', 'endorsed', 'feedback-given', 'remixed', 'endorsed', 'feedback-given'] as const;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

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
  const users: string[] = [];
  for (let i = 0; i < PEOPLE; i++)
    users.push(
      (
        await tenancy.upsertUser({
          tenantId: tenant.id,
          deploymentPk: dep.id,
          sub: `u${i}`,
          name: `Teacher ${i}`,
          email: `t${i}@bench.example`,
        })
      ).id,
    );
  const adaptations = Array.from({ length: Math.max(10, Math.floor(EVENTS / 20)) }, () => randomUUID());
  const authorOf = new Map(adaptations.map((a, i) => [a, users[i % users.length]!]));
  const random = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const rows = Array.from({ length: EVENTS }, (_, i) => {
    const type = pick(TYPES);
    const adaptation = pick(adaptations);
    const actor = type === 'shared' ? authorOf.get(adaptation)! : pick(users);
    return {
      id: randomUUID(),
      tenant_id: tenant.id,
      type,
      actor_user_id: actor,
      beneficiary_user_id: type === 'shared' ? null : authorOf.get(adaptation)!,
      adaptation_id: adaptation,
      context_pk: null,
      school_id: `school-${Math.floor(random() * 12)}`,
      data_json: JSON.stringify(type === 'endorsed' ? { outcome: pick(OUTCOMES) } : {}),
      dedupe_key: `bench:${i}`,
      at: new Date(start + i * 1000).toISOString(),
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db.knex.batchInsert('contribution_events', rows.slice(i, i + 500), 500);

  const repo = new RecognitionRepo(db);
  const ledger = new LedgerRepo(db);
  const issuer = new BadgeIssuer({
    repo,
    tenancy,
    kek: KeyEncryptionKey.parse(KeyEncryptionKey.generateConfigValue()),
    baseUrl: 'https://margins.bench.example',
  });
  const service = new RecognitionService({ db, repo, ledger, tenancy, issuer, logger: createLogger('silent') });

  const [issued, first] = await time(() => service.evaluate(tenant.id));
  const unchanged: number[] = [];
  for (let i = 0; i < 20; i++) unchanged.push((await time(() => service.evaluate(tenant.id)))[1]);
  const full: number[] = [];
  for (let i = 0; i < 5; i++) {
    await ledger.append({
      tenantId: tenant.id,
      type: 'feedback-given',
      actorUserId: pick(users),
      beneficiaryUserId: pick(users),
      adaptationId: pick(adaptations),
      dedupeKey: `bench:extra:${i}`,
    });
    full.push((await time(() => service.evaluate(tenant.id)))[1]);
  }
  const [events, read] = await time(() =>
    ledger.events(tenant.id, { types: ['shared', 'endorsed', 'remixed', 'feedback-given', 'curated', 'mentoring'] }),
  );
  const [, evaluated] = await time(async () => evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, events));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\n${name}: ${EVENTS.toLocaleString('en')} ledger events, ${PEOPLE.toLocaleString('en')} teachers`);
  console.log(
    `  first pass: ${issued} recognitions issued in ${(first / 1000).toFixed(1)} s (${(first / Math.max(1, issued)).toFixed(1)} ms per signed credential, evaluation included)`,
  );
  console.log(`  pass with nothing new (each recognition view): median ${median(unchanged).toFixed(2)} ms`);
  console.log(
    `  pass after one new event (whole ledger re-evaluated, nothing to issue): median ${median(full).toFixed(0)} ms`,
  );
  console.log(
    `    of which reading and parsing the ledger: ${read.toFixed(0)} ms; the rules evaluator alone: ${evaluated.toFixed(0)} ms`,
  );
  await service.stop();
  await db.close();
}

for (const kind of databaseKinds()) {
  const tdb = await kind.create();
  try {
    await run(kind.name === 'sqlite' ? 'SQLite' : 'PostgreSQL', tdb.target);
  } finally {
    await tdb.drop();
  }
}
