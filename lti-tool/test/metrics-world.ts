import { randomUUID } from 'node:crypto';
import { makeAdaptation } from '@margins/shared/testing/fixtures';
import type { AdaptationKind, ContributionType } from '@margins/shared';
import { AdaptationsRepo } from '../src/data/adaptations-repo.js';
import { openDb } from '../src/data/db.js';
import { LedgerRepo } from '../src/data/ledger-repo.js';
import { MetricsRepo } from '../src/data/metrics-repo.js';
import { migrate } from '../src/data/migrations.js';
import { TenancyRepo } from '../src/data/tenancy-repo.js';
import { LaunchContextSchema, type LaunchContext, type MarginsRole } from '../src/lti/launch-context.js';
import { MetricsService } from '../src/services/metrics-service.js';
import type { TestDatabase } from '../src/testing/databases.js';

/**
 * The small, hand-countable district of the metrics tests (every expected number in
 * metrics.test.ts is worked out from this list):
 *
 * Riverside, 13 members, all first launched in January 2026:
 *   North school: n1..n6 (n6 is the coach)   South school: s1..s5   East school: e1, e2
 * Courses: "Math 7" (participants n1 n2 n3 s1 s2) and "Tiny PLC" (participants e1 e2; its title is hostile CSV).
 * Practices: A1 by n1 in Math 7 (pacing, scaffolding); A2 by n2 in Math 7 (scaffolding);
 *   A3 by s3, no course (language support); A4 by n3, PRIVATE (accommodation); A5 by e1 in Tiny PLC (UDL).
 * Ledger, January: n1 shares A1; n2 shares A2; n2 tries A1 ("worked", in Math 7); n1 endorses own A1;
 *   s1 gives feedback on A1 (in Math 7); s4 tries A2 (no course).
 * Ledger, February: s3 shares A3; s2 remixes A1 (in Math 7); n4 tries A3 (no course); e1 shares A5
 *   (Tiny PLC); e2 gives feedback on A5 (Tiny PLC); n6 curates A1; n5 "tries" private A4 (must be
 *   ignored); n6 is recognised (an award, not a contribution).
 * Lakeside (another district): l1..l6 each share a practice in February (must never show in Riverside).
 */
export async function metricsWorld(tdb: TestDatabase) {
  const db = openDb(tdb.target);
  await migrate(db);
  const k = db.knex;
  const tenancy = new TenancyRepo(db);
  const adaptations = new AdaptationsRepo(db);
  const ledger = new LedgerRepo(db);
  const metrics = new MetricsService({ repo: new MetricsRepo(db), now: () => new Date('2026-02-20T12:00:00Z') });

  async function district(issuer: string, name: string) {
    const tenant = await tenancy.ensureTenant({ issuer, clientId: 'client-1', name, product: 'canvas' });
    const dep = await tenancy.addDeployment(tenant.id, 'dep-1');
    return { tenant, dep };
  }
  const riverside = await district('https://riverside.example', 'Riverside USD');
  const lakeside = await district('https://lakeside.example', 'Lakeside SD');

  type Who = { id: string; sub: string; tenantId: string; deploymentPk: string; school: string | null };
  const people: Record<string, Who> = {};
  async function person(d: typeof riverside, sub: string, school: string | null) {
    const u = await tenancy.upsertUser({
      tenantId: d.tenant.id,
      deploymentPk: d.dep.id,
      sub,
      name: `Teacher ${sub}`,
      email: null,
    });
    await k('users').where({ id: u.id }).update({ school_id: school, created_at: '2026-01-05T09:00:00.000Z' });
    people[sub] = { id: u.id, sub, tenantId: d.tenant.id, deploymentPk: d.dep.id, school };
  }
  for (const n of [1, 2, 3, 4, 5, 6]) await person(riverside, `n${n}`, 'North');
  for (const n of [1, 2, 3, 4, 5]) await person(riverside, `s${n}`, 'South');
  for (const n of [1, 2]) await person(riverside, `e${n}`, 'East');
  for (const n of [1, 2, 3, 4, 5, 6]) await person(lakeside, `l${n}`, 'North');

  async function course(d: typeof riverside, contextId: string, title: string, participants: string[]) {
    const c = await tenancy.upsertContext({ tenantId: d.tenant.id, deploymentPk: d.dep.id, contextId, title });
    for (const p of participants) {
      await k('course_participants').insert({
        context_pk: c.id,
        user_id: people[p]!.id,
        tenant_id: d.tenant.id,
        first_seen_at: '2026-01-06T09:00:00.000Z',
        last_seen_at: '2026-01-06T09:00:00.000Z',
      });
    }
    return c.id;
  }
  const math = await course(riverside, 'math-7', 'Math 7', ['n1', 'n2', 'n3', 's1', 's2']);
  const tiny = await course(riverside, 'tiny-plc', '=HYPERLINK("http://evil.example","Tiny PLC")', ['e1', 'e2']);
  const lakeCourse = await course(lakeside, 'sci-8', 'Science 8', ['l1', 'l2']);

  const practices: Record<string, string> = {};
  async function practice(
    name: string,
    author: string,
    contextPk: string | null,
    kinds: AdaptationKind[],
    visibility: 'private' | 'district' = 'district',
  ) {
    const id = randomUUID();
    const p = people[author]!;
    await adaptations.put(
      makeAdaptation({
        id,
        kinds,
        visibility: visibility === 'private' ? 'private' : contextPk ? 'course' : 'district',
        page: { url: `https://curriculum.example.org/${id}`, title: name },
      }),
      {
        tenantId: p.tenantId,
        authorUserId: p.id,
        contextPk,
      },
    );
    practices[name] = id;
  }
  await practice('A1', 'n1', math, ['pacing', 'scaffolding']);
  await practice('A2', 'n2', math, ['scaffolding']);
  await practice('A3', 's3', null, ['language-support']);
  await practice('A4', 'n3', null, ['accommodation'], 'private');
  await practice('A5', 'e1', tiny, ['udl-accessibility']);
  for (const n of [1, 2, 3, 4, 5, 6]) await practice(`L${n}`, `l${n}`, lakeCourse, ['pacing', 'summative-assessment']);

  /** Appends one event as the services do (actor's school and course of the moment). */
  async function event(
    type: ContributionType,
    actor: string,
    at: string,
    o: { practice?: string; course?: string | null; outcome?: string } = {},
  ) {
    const p = people[actor]!;
    await ledger.append({
      tenantId: p.tenantId,
      type,
      actorUserId: p.id,
      adaptationId: o.practice ? practices[o.practice]! : null,
      contextPk: o.course ?? null,
      schoolId: p.school,
      data: o.outcome ? { outcome: o.outcome } : {},
      at,
      dedupeKey: randomUUID(),
    });
  }
  await event('shared', 'n1', '2026-01-10T10:00:00.000Z', { practice: 'A1', course: math });
  await event('shared', 'n2', '2026-01-12T10:00:00.000Z', { practice: 'A2', course: math });
  await event('endorsed', 'n2', '2026-01-15T10:00:00.000Z', { practice: 'A1', course: math, outcome: 'worked' });
  await event('endorsed', 'n1', '2026-01-16T10:00:00.000Z', { practice: 'A1', course: math, outcome: 'worked' });
  await event('feedback-given', 's1', '2026-01-20T10:00:00.000Z', { practice: 'A1', course: math });
  await event('endorsed', 's4', '2026-01-25T10:00:00.000Z', { practice: 'A2', outcome: 'worked' });
  await event('shared', 's3', '2026-02-03T10:00:00.000Z', { practice: 'A3' });
  await event('remixed', 's2', '2026-02-05T10:00:00.000Z', { practice: 'A1', course: math });
  await event('endorsed', 'n4', '2026-02-07T10:00:00.000Z', { practice: 'A3', outcome: 'mixed' });
  await event('shared', 'e1', '2026-02-10T10:00:00.000Z', { practice: 'A5', course: tiny });
  await event('feedback-given', 'e2', '2026-02-12T10:00:00.000Z', { practice: 'A5', course: tiny });
  await event('curated', 'n6', '2026-02-15T10:00:00.000Z', { practice: 'A1' });
  await event('endorsed', 'n5', '2026-02-16T10:00:00.000Z', { practice: 'A4', outcome: 'worked' });
  await event('recognised', 'n6', '2026-02-20T10:00:00.000Z');
  for (const n of [1, 2, 3, 4, 5, 6])
    await event('shared', `l${n}`, '2026-02-11T10:00:00.000Z', { practice: `L${n}`, course: lakeCourse });

  /** The LaunchContext of a launch by `sub` with `roles`. */
  function ctx(sub: string, roles: MarginsRole[]): LaunchContext {
    const p = people[sub]!;
    const d = p.tenantId === riverside.tenant.id ? riverside : lakeside;
    return LaunchContextSchema.parse({
      launchId: randomUUID(),
      tenant: {
        id: d.tenant.id,
        name: d.tenant.name,
        issuer: d.tenant.issuer,
        clientId: 'client-1',
        product: 'canvas',
      },
      deployment: { id: d.dep.id, deploymentId: 'dep-1' },
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

  return {
    db,
    metrics,
    people,
    practices,
    courses: { math, tiny, lakeCourse },
    tenants: { riverside: riverside.tenant.id, lakeside: lakeside.tenant.id },
    ctx,
  };
}
