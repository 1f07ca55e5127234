import type { ToolServices } from '@margins/lti-tool';
import type { NewContribution } from '@margins/lti-tool/data/ledger-repo';
import { ParticipationRepo } from '@margins/lti-tool/data/participation-repo';
import { rebuildPassages } from '@margins/lti-tool/data/passage-groups';
import {
  AdaptationSchema,
  ENDORSEMENT_OUTCOMES,
  type AdaptationKind,
  type GradeBand,
  type LearnerNeed,
  type MentoringActivityKind,
  type Subject,
} from '@margins/shared';
import { mulberry32 } from '../bench/prng.js';
import { CURRICULUM, FIRST_NAMES, KIND_TEXTS, LAST_NAMES, type DemoPage } from './district-texts.js';

/**
 * The demo district (issue 15 item 6): what `pnpm start` shows so every view has something real in
 * it. 60 teachers in 4 schools, 8 courses (one a cross-school PLC), six months of practice: shared
 * adaptations on a small curriculum site (several teachers on the same passages, so curriculum insight
 * has hot spots), "I tried this" reports, feedback, remixes, curated collections and mentoring, all in
 * the contribution ledger with their dates, so the leadership metrics draw charts by month and by
 * school. Clearly marked as demo data: schools, courses and pages say "[Demo]", people "(demo)".
 * Seeded from a fixed PRNG seed with fixed ids, once per database (a restart finds it and stops).
 */

/** The share of the six months by which every teacher has joined. */
const JOINED = 0.15;

/** The district's shape. */
export const DEMO_DISTRICT = { teachers: 60, schools: 4, adaptations: 180, months: 6, seed: 20_260_601 } as const;

const SCHOOLS = [
  '[Demo] Riverside Middle School',
  '[Demo] Lakeview Elementary',
  '[Demo] Northgate High School',
  '[Demo] Cedar K-8 Academy',
];

/** The courses, by school index (null: the cross-school PLC, a professional-learning course). */
const COURSES: { id: string; title: string; school: number | null; subject: Subject; grade: GradeBand }[] = [
  { id: 'demo-math-6', title: '[Demo] Grade 6 Mathematics', school: 0, subject: 'math', grade: '6-8' },
  { id: 'demo-ela-6', title: '[Demo] Grade 6 English Language Arts', school: 0, subject: 'ela', grade: '6-8' },
  { id: 'demo-sci-4', title: '[Demo] Grade 4 Science', school: 1, subject: 'science', grade: '3-5' },
  { id: 'demo-read-3', title: '[Demo] Grade 3 Reading', school: 1, subject: 'ela', grade: '3-5' },
  { id: 'demo-alg-1', title: '[Demo] Algebra 1', school: 2, subject: 'math', grade: '9-12' },
  { id: 'demo-bio', title: '[Demo] Biology', school: 2, subject: 'science', grade: '9-12' },
  { id: 'demo-hist-8', title: '[Demo] Grade 8 U.S. History', school: 3, subject: 'social-studies', grade: '6-8' },
  { id: 'demo-plc-ml', title: '[Demo] PLC: Multilingual learners', school: null, subject: 'ela', grade: '6-8' },
];

/** A fixed UUID (version 4 layout) from a kind of thing and its number, so restarts reuse the same ids. */
function demoId(kind: number, n: number): string {
  const hex = (kind * 1_000_000 + n).toString(16).padStart(12, '0');
  return `de300000-0000-4000-8000-${hex}`;
}

interface Teacher {
  userId: string;
  name: string;
  school: string;
  course: { pk: string; index: number };
  inPlc: boolean;
  plcPk: string | null;
}

/** Seeds the demo district into `tenantId` unless it is there already; returns how many adaptations it holds. */
export async function seedDemoDistrict(s: ToolServices, tenantId: string, deploymentPk: string): Promise<number> {
  if (await s.adaptations.get(demoId(2, 0))) return DEMO_DISTRICT.adaptations;
  const rnd = mulberry32(DEMO_DISTRICT.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const now = Date.now();
  const span = DEMO_DISTRICT.months * 30 * 86_400_000;
  const at = (fraction: number) => new Date(now - span + fraction * span).toISOString();

  // Courses and teachers: 15 per school, each teaching one course of it; a third also in the PLC.
  const coursePks: string[] = [];
  for (const c of COURSES) {
    const ctx = await s.tenancy.upsertContext({
      tenantId,
      deploymentPk,
      contextId: c.id,
      title: c.title,
      ...(c.school !== null ? { schoolId: SCHOOLS[c.school]! } : { courseKind: 'professional-learning' as const }),
    });
    coursePks.push(ctx.id);
  }
  const plcIndex = COURSES.findIndex((c) => c.school === null);
  const members = new ParticipationRepo(s.db);
  const teachers: Teacher[] = [];
  for (let i = 0; i < DEMO_DISTRICT.teachers; i++) {
    const schoolIndex = i % DEMO_DISTRICT.schools;
    const courses = COURSES.map((c, index) => ({ c, index })).filter((x) => x.c.school === schoolIndex);
    const course = courses[Math.floor(i / DEMO_DISTRICT.schools) % courses.length]!;
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]} (demo)`;
    const user = await s.tenancy.upsertUser({
      tenantId,
      deploymentPk,
      sub: `demo-teacher-${i + 1}`,
      name,
      email: `demo-teacher-${i + 1}@riverside.example`,
      schoolId: SCHOOLS[schoolIndex]!,
    });
    const inPlc = i % 3 === 0;
    // Members of their course (and the PLC): as if each had opened Margins from it.
    await members.noteParticipant(tenantId, coursePks[course.index]!, user.id);
    if (inPlc) await members.noteParticipant(tenantId, coursePks[plcIndex]!, user.id, true);
    // They joined over the first weeks of the six months (the metrics count members by first launch).
    const joined = at(JOINED * rnd());
    await s.db.knex('users').where({ id: user.id }).update({ created_at: joined });
    await s.db.knex('course_participants').where({ user_id: user.id }).update({ first_seen_at: joined });
    teachers.push({
      userId: user.id,
      name,
      school: SCHOOLS[schoolIndex]!,
      course: { pk: coursePks[course.index]!, index: course.index },
      inPlc,
      plcPk: inPlc ? coursePks[plcIndex]! : null,
    });
  }
  return seedPractice(s, tenantId, teachers, { rnd, pick, at });
}

/** Adaptations, the ledger's story of them, social activity, collections and mentoring. */
async function seedPractice(
  s: ToolServices,
  tenantId: string,
  teachers: Teacher[],
  r: { rnd: () => number; pick: <T>(xs: readonly T[]) => T; at: (fraction: number) => string },
): Promise<number> {
  const { rnd, pick, at } = r;
  const events: NewContribution[] = [];
  const shared: { id: string; author: Teacher; when: number }[] = [];
  for (let n = 0; n < DEMO_DISTRICT.adaptations; n++) {
    // After everyone joined; later months are busier (adoption grows), and a few passages draw most of the work.
    const when = JOINED + (1 - JOINED) * Math.sqrt(rnd());
    const author = pick(teachers);
    const page: DemoPage = pick(CURRICULUM);
    const passage = rnd() < 0.6 ? page.passages[0]! : pick(page.passages);
    const kind: AdaptationKind = rnd() < 0.5 ? passage.likelyKind : pick(Object.keys(KIND_TEXTS) as AdaptationKind[]);
    const text = pick(KIND_TEXTS[kind]);
    const learners: LearnerNeed[] = [passage.likelyLearners, pick(['all-learners', 'below-grade-level'] as const)];
    const visibility = rnd() < 0.1 ? 'private' : rnd() < 0.3 ? 'course' : rnd() < 0.12 ? 'network' : 'district';
    const iso = at(when);
    const adaptation = AdaptationSchema.parse({
      id: demoId(2, n),
      page: { url: page.url, title: page.title },
      target: {
        quote: { type: 'TextQuoteSelector', exact: passage.exact, prefix: passage.prefix, suffix: passage.suffix },
        position: { type: 'TextPositionSelector', start: passage.start, end: passage.start + passage.exact.length },
      },
      kinds: [kind],
      body: text.body,
      rationale: text.rationale,
      audience: { gradeBands: [page.grade], subjects: [page.subject], learnerNeeds: [...new Set(learners)] },
      visibility,
      author: { id: author.userId, name: author.name },
      createdAt: iso,
      updatedAt: iso,
      version: 1,
    });
    const contextPk = author.plcPk && rnd() < 0.3 ? author.plcPk : author.course.pk;
    await s.adaptations.put(adaptation, {
      tenantId,
      authorUserId: author.userId,
      authorName: author.name,
      contextPk,
      ...(visibility === 'network'
        ? { networkStatus: rnd() < 0.5 ? ('approved' as const) : ('pending' as const) }
        : {}),
    });
    if (visibility === 'private') continue;
    shared.push({ id: adaptation.id, author, when });
    events.push({
      tenantId,
      type: 'shared',
      actorUserId: author.userId,
      adaptationId: adaptation.id,
      contextPk,
      at: iso,
      dedupeKey: `demo:shared:${adaptation.id}`,
    });
  }

  // Colleagues try about a third of what is shared (1 to 4 each), give feedback and remix some.
  for (const a of shared) {
    const tries = rnd() < 0.35 ? 1 + Math.floor(rnd() * 4) : 0;
    for (let k = 0; k < tries; k++) {
      const colleague = pick(teachers.filter((t) => t.userId !== a.author.userId));
      const outcome = rnd() < 0.55 ? 'worked-well' : pick(ENDORSEMENT_OUTCOMES);
      const when = a.when + (1 - a.when) * rnd() * 0.5;
      await s.adaptations.endorse({ tenantId, adaptationId: a.id, userId: colleague.userId, outcome, note: '' });
      events.push({
        tenantId,
        type: 'endorsed',
        actorUserId: colleague.userId,
        beneficiaryUserId: a.author.userId,
        adaptationId: a.id,
        contextPk: colleague.course.pk,
        data: { outcome },
        at: at(when),
        dedupeKey: `demo:endorsed:${a.id}:${colleague.userId}`,
      });
    }
    if (rnd() < 0.12) {
      const colleague = pick(teachers.filter((t) => t.userId !== a.author.userId));
      events.push({
        tenantId,
        type: 'feedback-given',
        actorUserId: colleague.userId,
        beneficiaryUserId: a.author.userId,
        adaptationId: a.id,
        contextPk: colleague.course.pk,
        data: { feedbackType: pick(['what-worked', 'question', 'suggestion'] as const) },
        at: at(a.when + (1 - a.when) * rnd() * 0.5),
        dedupeKey: `demo:feedback:${a.id}:${colleague.userId}`,
      });
    }
    if (rnd() < 0.05) {
      const colleague = pick(teachers.filter((t) => t.userId !== a.author.userId));
      events.push({
        tenantId,
        type: 'remixed',
        actorUserId: colleague.userId,
        beneficiaryUserId: a.author.userId,
        adaptationId: a.id,
        contextPk: colleague.course.pk,
        at: at(a.when + (1 - a.when) * rnd() * 0.5),
        dedupeKey: `demo:remixed:${a.id}:${colleague.userId}`,
      });
    }
  }
  // Mentoring: four pairs of a more and a less experienced teacher, each with confirmed activities.
  const kinds: MentoringActivityKind[] = ['co-planning', 'classroom-observation', 'feedback-conversation'];
  for (let p = 0; p < 4; p++) {
    const [mentor, mentee] = [teachers[p * 2]!, teachers[p * 2 + 9]!];
    for (let k = 0; k < 2 + (p % 2); k++)
      events.push({
        tenantId,
        type: 'mentoring',
        actorUserId: mentor.userId,
        beneficiaryUserId: mentee.userId,
        data: { activityKind: kinds[k % kinds.length]! },
        at: at(0.3 + 0.2 * k + 0.05 * p),
        dedupeKey: `demo:mentoring:${p}:${k}`,
      });
  }
  events.sort((a, b) => (a.at! < b.at! ? -1 : 1));
  await s.ledger.append(events);
  await rebuildPassages(s.db.knex, tenantId);
  return DEMO_DISTRICT.adaptations;
}
