import { randomUUID } from 'node:crypto';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import type { AdaptationKind, LearnerNeed } from '@margins/shared';
import { AdaptationsRepo } from '../src/data/adaptations-repo.js';
import { openDb } from '../src/data/db.js';
import { InsightRepo } from '../src/data/insight-repo.js';
import { LedgerRepo } from '../src/data/ledger-repo.js';
import { migrate } from '../src/data/migrations.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { LaunchContextSchema, type LaunchContext, type MarginsRole } from '../src/lti/launch-context.js';
import { InsightService } from '../src/services/insight-service.js';
import type { TestDatabase } from '../src/testing/databases.js';

/** Page 1 and page 2 of the one curriculum site of the insight tests. */
export const P1 = 'https://curriculum.example.org/grade-5/fractions/lesson-3';
export const P2 = 'https://curriculum.example.org/grade-5/fractions/lesson-4';
export const SITE = 'https://curriculum.example.org';

/** A rationale the privacy guard flags (it names a student). */
export const NAMED_STUDENT = 'My student Maria Lopez could not follow this step.';

/**
 * The small, hand-countable district of the insight tests (every expected number in insight.test.ts
 * is worked out from this list). Positions are TextPositionSelector [start, end) on the page's text.
 *
 * Riverside: schools North (n1 n2 n3 n4 p1 c1 t1 cl1), South (s1 s2 s3 s4), East (e1 e2), West (w1).
 *   c1 is a coach, cl1 a curriculum lead, t1 a teacher with no grant.
 * Page P1 (lesson 3):
 *   passage X: n4 [119,131) Jan 5; s4 [122,138) Jan 6; n1 [120,139) Jan 10 (credited by name if allowed);
 *     n2 [118,135) Jan 12 (rationale names a student: withheld); n1 again [121,130) Jan 20 (pacing);
 *     s1 [130,150) Feb 1 (scaffolding, below grade level); s2 [145,160) Mar 5 (overlaps only s1's);
 *     e1 no position, quote "unlike denominators" (inside n1's quote: joins X) Mar 10;
 *     p1 PRIVATE [125,135) Mar 12, counted anonymously once p1 opts in;
 *     w1 PRIVATE [120,139), never opted in: never counted.
 *     => 8 teachers (n1 n2 n4 s1 s2 s4 e1 p1), 3 schools, 9 adaptations, range [118,160).
 *     Kinds: language support 7 (n4 s4 n1 n2 s2 e1 p1), scaffolding 2 (n1 s1), pacing 1 (n1 again).
 *     Learner groups: multilingual 7, below grade level 1 (s1), none on n1's second.
 *     Before 2026-02-15: n4 s4 n1 n2 s1 = 5; since: s2 e1 p1 = 3 ("fewer than 5").
 *     "I tried this": t1 on n1's (worked well), s3 on n1's (worked with changes), t1 on s1's
 *     (worked well), n1 on n1's own (not counted) => worked well 2, worked with changes 1.
 *   passage Y: s3 [500,520), e2 [505,515), n3 [510,530): 3 teachers => hidden.
 *   passage Z: n3 [800,820), then deleted through the sync write path => nothing.
 * Page P2 (lesson 4): n1 [10,40), n2 [20,30), n3 [35,50), s1 [12,18), s3 [45,60): 5 teachers, 2 schools.
 * Lakeside (another district): l1..l6 (school North) on P1 [120,139): its own passage of 6.
 */
export async function insightWorld(tdb: TestDatabase) {
  const db = openDb(tdb.target);
  await migrate(db);
  const k = db.knex;
  const tenancy = new TenancyRepo(db);
  const adaptations = new AdaptationsRepo(db);
  const repo = new InsightRepo(db);
  const insight = new InsightService({ repo, ledger: new LedgerRepo(db) });

  async function district(issuer: string, name: string) {
    const tenant = await tenancy.ensureTenant({ issuer, clientId: 'client-1', name, product: 'canvas' });
    const dep = await tenancy.addDeployment(tenant.id, 'dep-1');
    return { tenant, dep };
  }
  const riverside = await district('https://riverside.example', 'Riverside USD');
  const lakeside = await district('https://lakeside.example', 'Lakeside SD');
  type Who = { id: string; sub: string; d: typeof riverside };
  const people: Record<string, Who> = {};
  async function person(d: typeof riverside, sub: string, school: string) {
    const u = await tenancy.upsertUser({
      tenantId: d.tenant.id,
      deploymentPk: d.dep.id,
      sub,
      name: `Teacher ${sub}`,
      email: null,
    });
    await k('users').where({ id: u.id }).update({ school_id: school });
    people[sub] = { id: u.id, sub, d };
  }
  for (const s of ['n1', 'n2', 'n3', 'n4', 'p1', 'c1', 't1', 'cl1']) await person(riverside, s, 'North');
  for (const s of ['s1', 's2', 's3', 's4']) await person(riverside, s, 'South');
  for (const s of ['e1', 'e2']) await person(riverside, s, 'East');
  await person(riverside, 'w1', 'West');
  for (let i = 1; i <= 6; i++) await person(lakeside, `l${i}`, 'North');

  const ids: Record<string, string> = {};
  async function adapt(
    name: string,
    sub: string,
    o: {
      page?: string;
      at: [number, number] | null;
      quote?: string;
      day: string;
      kinds?: AdaptationKind[];
      needs?: LearnerNeed[];
      rationale?: string;
      visibility?: 'private' | 'district';
    },
  ) {
    const id = randomUUID();
    const base = makeAdaptation();
    await adaptations.put(
      makeAdaptation({
        id,
        page: { url: o.page ?? P1, title: o.page === P2 ? 'Lesson 4' : 'Lesson 3: Adding fractions' },
        target: {
          quote: { type: 'TextQuoteSelector', exact: o.quote ?? `passage of ${name}`, prefix: '', suffix: '' },
          ...(o.at ? { position: { type: 'TextPositionSelector', start: o.at[0], end: o.at[1] } } : {}),
        },
        kinds: o.kinds ?? ['language-support'],
        audience: { ...base.audience, learnerNeeds: o.needs ?? ['multilingual-learners'] },
        rationale: o.rationale ?? '',
        visibility: o.visibility ?? 'district',
        createdAt: `${o.day}T10:00:00.000Z`,
        updatedAt: `${o.day}T10:00:00.000Z`,
        version: 1,
      }),
      { tenantId: people[sub]!.d.tenant.id, authorUserId: people[sub]!.id, contextPk: null },
    );
    ids[name] = id;
  }

  await adapt('n4', 'n4', { at: [119, 131], day: '2026-01-05' });
  await adapt('s4', 's4', { at: [122, 138], day: '2026-01-06' });
  await adapt('n1', 'n1', {
    at: [120, 139],
    quote: 'Students add fractions with unlike denominators',
    day: '2026-01-10',
    kinds: ['scaffolding', 'language-support'],
    rationale: 'Multilingual learners needed a visual for denominators.',
  });
  await adapt('n2', 'n2', { at: [118, 135], day: '2026-01-12', rationale: NAMED_STUDENT });
  await adapt('n1b', 'n1', { at: [121, 130], day: '2026-01-20', kinds: ['pacing'], needs: [] });
  await adapt('s1', 's1', {
    at: [130, 150],
    day: '2026-02-01',
    kinds: ['scaffolding'],
    needs: ['below-grade-level'],
    rationale: 'Below-grade learners needed fraction strips first.',
  });
  await adapt('s2', 's2', { at: [145, 160], day: '2026-03-05' });
  await adapt('e1', 'e1', { at: null, quote: 'Unlike  denominators', day: '2026-03-10' });
  await adapt('p1', 'p1', { at: [125, 135], day: '2026-03-12', visibility: 'private' });
  await adapt('w1', 'w1', { at: [120, 139], day: '2026-03-12', visibility: 'private' });
  await adapt('y1', 's3', { at: [500, 520], day: '2026-01-15' });
  await adapt('y2', 'e2', { at: [505, 515], day: '2026-01-16' });
  await adapt('y3', 'n3', { at: [510, 530], day: '2026-01-17' });
  await adapt('z1', 'n3', { at: [800, 820], day: '2026-01-18' });
  await adapt('q1', 'n1', { page: P2, at: [10, 40], day: '2026-01-10' });
  await adapt('q2', 'n2', { page: P2, at: [20, 30], day: '2026-01-11' });
  await adapt('q3', 'n3', { page: P2, at: [35, 50], day: '2026-01-12' });
  await adapt('q4', 's1', { page: P2, at: [12, 18], day: '2026-01-13' });
  await adapt('q5', 's3', { page: P2, at: [45, 60], day: '2026-01-14' });
  for (let i = 1; i <= 6; i++) await adapt(`l${i}`, `l${i}`, { at: [120, 139], day: '2026-01-20' });

  async function tried(sub: string, adaptation: string, outcome: string) {
    await adaptations.endorse({
      tenantId: people[sub]!.d.tenant.id,
      adaptationId: ids[adaptation]!,
      userId: people[sub]!.id,
      outcome,
      note: '',
    });
  }
  await tried('t1', 'n1', 'worked-well');
  await tried('s3', 'n1', 'worked-with-changes');
  await tried('t1', 's1', 'worked-well');
  await tried('n1', 'n1', 'worked-well');

  /** The LaunchContext of a launch by `sub` with `roles`. */
  function ctx(sub: string, roles: MarginsRole[]): LaunchContext {
    const p = people[sub]!;
    return LaunchContextSchema.parse({
      launchId: randomUUID(),
      tenant: {
        id: p.d.tenant.id,
        name: p.d.tenant.name,
        issuer: p.d.tenant.issuer,
        clientId: 'client-1',
        product: 'canvas',
      },
      deployment: { id: p.d.dep.id, deploymentId: 'dep-1' },
      course: null,
      user: { id: p.id, sub, name: `Teacher ${sub}`, email: null },
      roles,
      placement: 'account_navigation',
      messageType: 'LtiResourceLinkRequest',
      deepLinking: null,
      openAdaptationId: null,
      frameAncestors: [],
      issuedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
  }

  return { db, repo, insight, people, ids, ctx, adaptations, tenants: { riverside, lakeside } };
}
