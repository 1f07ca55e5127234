import type { ToolServices } from '@margins/lti-tool';
import { AdaptationSchema, type AdaptationInput } from '@margins/shared';

/**
 * Demo data for `pnpm start`: a handful of realistic shared adaptations, clearly marked as demo data
 * ("[Demo]" in the page title, pages on curriculum.example.org). Fixed ids, so restarting the demo
 * updates them instead of piling up copies.
 */

interface Author {
  sub: string;
  name: string;
  course: { id: string; title: string } | null;
}

const ANA: Author = {
  sub: 'ana',
  name: 'Ana Lima',
  course: { id: 'math-7', title: 'Grade 7 Mathematics: Ratios and Proportional Reasoning' },
};
const CHLOE: Author = {
  sub: 'chloe',
  name: 'Chloé Martin',
  course: { id: 'ela-plc', title: 'ELA Professional Learning Community' },
};
const BEN: Author = {
  sub: 'ben',
  name: 'Ben Okafor',
  course: { id: 'ela-plc', title: 'ELA Professional Learning Community' },
};

const quote = (exact: string, prefix: string, suffix: string, start: number) => ({
  quote: { type: 'TextQuoteSelector' as const, exact, prefix, suffix },
  position: { type: 'TextPositionSelector' as const, start, end: start + exact.length },
});

const DEMO: {
  author: Author;
  a: Omit<AdaptationInput, 'author' | 'createdAt' | 'updatedAt' | 'version'>;
  daysAgo: number;
}[] = [
  {
    author: ANA,
    daysAgo: 2,
    a: {
      id: 'd0000000-0000-4000-8000-000000000001',
      page: {
        url: 'https://curriculum.example.org/grade-7/ratios/lesson-4',
        title: '[Demo] Grade 7 Ratios, Lesson 4: Unit rates',
      },
      target: quote(
        'find the unit rate',
        'Students use tables and double number lines to ',
        ' and compare two ratios.',
        210,
      ),
      kinds: ['scaffolding', 'language-support'],
      body: 'Before the tables, act out a "which is the better deal?" shopping scene with real grocery flyers. Post a sentence frame: "For every ___, there are ___." Students say it to a partner before writing.',
      rationale:
        'My multilingual learners understood ratios once they could say the relationship out loud; the flyers made "per" concrete.',
      audience: { gradeBands: ['6-8'], subjects: ['math'], learnerNeeds: ['multilingual-learners'] },
      evidence: {
        outcome: 'improved',
        note: 'Exit ticket: 21 of 27 found the unit rate correctly, up from 12 of 27 the lesson before.',
      },
      visibility: 'district',
    },
  },
  {
    author: ANA,
    daysAgo: 5,
    a: {
      id: 'd0000000-0000-4000-8000-000000000002',
      page: {
        url: 'https://curriculum.example.org/grade-7/ratios/lesson-6',
        title: '[Demo] Grade 7 Ratios, Lesson 6: Percent increase',
      },
      target: quote('percent increase', 'Today we calculate a ', ' from an original amount.', 88),
      kinds: ['pacing', 'formative-assessment'],
      body: 'Split the lesson over two days. Day 1 ends with a hinge question (three answer choices, one per common misconception); day 2 groups students by their answer.',
      rationale: 'The lesson as written moves to percent decrease before most students have percent increase.',
      audience: { gradeBands: ['6-8'], subjects: ['math'], learnerNeeds: ['all-learners'] },
      evidence: { outcome: 'mixed', note: 'Grouping helped; the second day ran short for the extension task.' },
      visibility: 'course',
    },
  },
  {
    author: CHLOE,
    daysAgo: 1,
    a: {
      id: 'd0000000-0000-4000-8000-000000000003',
      page: {
        url: 'https://curriculum.example.org/grade-8/ela/unit-2/argument-writing',
        title: '[Demo] Grade 8 ELA Unit 2: Writing an argument',
      },
      target: quote('counterclaim', 'Each essay must address a ', ' and rebut it with evidence.', 340),
      kinds: ['differentiation', 'instructional-method'],
      body: 'Run a "four corners" debate before drafting: students physically move to the claim they disagree with and must state its best argument before returning.',
      rationale:
        'Students wrote weak counterclaims because they had never argued the other side; moving made it social and low-stakes.',
      audience: {
        gradeBands: ['6-8'],
        subjects: ['ela'],
        learnerNeeds: ['all-learners', 'attention-executive-function'],
      },
      evidence: { outcome: 'improved', note: 'Counterclaim rubric row: class average from 1.8 to 2.9 of 4.' },
      visibility: 'district',
    },
  },
  {
    author: CHLOE,
    daysAgo: 9,
    a: {
      id: 'd0000000-0000-4000-8000-000000000004',
      page: {
        url: 'https://curriculum.example.org/grade-8/ela/unit-2/argument-writing',
        title: '[Demo] Grade 8 ELA Unit 2: Writing an argument',
      },
      target: quote('cite textual evidence', 'Students will ', ' that most strongly supports the claim.', 120),
      kinds: ['udl-accessibility', 'accommodation'],
      body: 'Offer the anchor texts as audio and with a highlighter tool; students may record their evidence choices orally before writing.',
      rationale: 'Three students with IEPs for reading could analyse the argument but were stuck decoding it.',
      audience: {
        gradeBands: ['6-8'],
        subjects: ['ela', 'special-education'],
        learnerNeeds: ['students-with-disabilities'],
      },
      visibility: 'district',
    },
  },
  {
    author: BEN,
    daysAgo: 3,
    a: {
      id: 'd0000000-0000-4000-8000-000000000005',
      page: {
        url: 'https://curriculum.example.org/grade-5/science/ecosystems/food-webs',
        title: '[Demo] Grade 5 Science: Food webs',
      },
      target: quote('energy flows', 'Arrows in a food web show how ', ' from one organism to another.', 64),
      kinds: ['culturally-responsive', 'resource-substitution'],
      body: 'Replace the savanna example with the river ecosystem behind the school; families contributed the local names of fish and birds.',
      rationale: 'Students connected arrows to animals they see every day, and several families joined the field walk.',
      audience: { gradeBands: ['3-5'], subjects: ['science'], learnerNeeds: ['all-learners', 'multilingual-learners'] },
      evidence: { outcome: 'improved', note: 'Every group drew a correct three-level food web, first time this year.' },
      visibility: 'district',
    },
  },
  {
    author: BEN,
    daysAgo: 12,
    a: {
      id: 'd0000000-0000-4000-8000-000000000006',
      page: {
        url: 'https://curriculum.example.org/algebra-1/unit-3/systems-of-equations',
        title: '[Demo] Algebra 1 Unit 3: Systems of equations',
      },
      target: quote(
        'solve by elimination',
        'After graphing, students learn to ',
        ', choosing which variable to remove.',
        150,
      ),
      kinds: ['extension-enrichment'],
      body: "For students who finish early: design a phone-plan comparison where one plan wins only after month 7, then trade and solve each other's systems.",
      rationale:
        'Advanced learners were idle after the practice set; writing problems deepened their understanding of intersection points.',
      audience: { gradeBands: ['9-12'], subjects: ['math'], learnerNeeds: ['advanced-learners'] },
      visibility: 'network', // waits in the coach workspace for approval to share with other districts
    },
  },
];

const FOCUS_AREAS = [
  {
    title: '[Demo] Academic language for multilingual learners',
    description: 'School goal 2026-27: every lesson plans for talk before writing.',
  },
  { title: '[Demo] Formative assessment every lesson', description: 'Check for understanding before moving on.' },
];

/** Seeds the demo tenant (idempotent): authors, their courses, six adaptations (one waiting for network approval), focus areas, two collections, a coach, a mentoring pair with one confirmed activity and one waiting. */
export async function seedDemo(s: ToolServices, tenantId: string, deploymentPk: string): Promise<number> {
  const userIds = new Map<string, { userId: string; contextPk: string | null }>();
  for (const author of [ANA, CHLOE, BEN]) {
    const user = await s.tenancy.upsertUser({
      tenantId,
      deploymentPk,
      sub: author.sub,
      name: author.name,
      email: null,
    });
    const ctx = author.course
      ? await s.tenancy.upsertContext({
          tenantId,
          deploymentPk,
          contextId: author.course.id,
          title: author.course.title,
        })
      : null;
    userIds.set(author.sub, { userId: user.id, contextPk: ctx?.id ?? null });
  }
  for (const { author, a, daysAgo } of DEMO) {
    const when = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const who = userIds.get(author.sub)!;
    const adaptation = AdaptationSchema.parse({
      ...a,
      author: { id: who.userId, name: author.name },
      createdAt: when,
      updatedAt: when,
      version: 1,
    });
    // A network share waits for a coach; once approved it stays approved across demo restarts.
    const approved =
      adaptation.visibility === 'network' && (await s.adaptations.get(adaptation.id))?.network_status === 'approved';
    await s.adaptations.put(adaptation, {
      tenantId,
      authorUserId: who.userId,
      authorName: author.name,
      contextPk: who.contextPk,
      ...(approved ? { networkStatus: 'approved' as const } : {}),
    });
  }
  const ben = userIds.get('ben')!;
  await s.tenancy.grant(tenantId, ben.userId, 'coach', null);
  const existing = await s.adaptations.focusAreas(tenantId);
  if (!existing.length) {
    const [language, formative] = [
      await s.adaptations.addFocusArea(tenantId, FOCUS_AREAS[0]!.title, FOCUS_AREAS[0]!.description),
      await s.adaptations.addFocusArea(tenantId, FOCUS_AREAS[1]!.title, FOCUS_AREAS[1]!.description),
    ];
    await s.adaptations.addCollection({
      tenantId,
      curatorUserId: ben.userId,
      title: '[Demo] Talk before writing',
      focusAreaId: language,
      items: [{ adaptationId: DEMO[0]!.a.id }, { adaptationId: DEMO[2]!.a.id }, { adaptationId: DEMO[4]!.a.id }],
    });
    await s.adaptations.addCollection({
      tenantId,
      curatorUserId: ben.userId,
      title: '[Demo] Hinge questions',
      focusAreaId: formative,
      items: [{ adaptationId: DEMO[1]!.a.id }],
    });
  }
  // Chloé mentors Ana: Ana's library shows "From my mentor".
  const [ana, chloe] = [userIds.get('ana')!, userIds.get('chloe')!];
  if (!(await s.mentoring.mine(tenantId, ana.userId)).mentors.length) {
    const pair = await s.mentoring.create({
      tenantId,
      mentorUserId: chloe.userId,
      menteeUserId: ana.userId,
      createdBy: ben.userId,
    });
    // They co-planned a lesson (Ana logged it, Chloé confirmed); Chloé's observation waits for Ana.
    if (pair.kind === 'created') {
      const today = new Date().toISOString().slice(0, 10);
      const log = (by: string, kind: 'co-planning' | 'classroom-observation') =>
        s.mentoringActivities.log(tenantId, by, { pairId: pair.id, kind, happenedOn: today, minutes: 40 });
      const planned = await log(ana.userId, 'co-planning');
      if (planned.kind === 'created') {
        const row = await s.mentoringActivities.get(tenantId, planned.id);
        if (row) await s.mentoringActivities.confirm(tenantId, row, chloe.userId);
      }
      await log(chloe.userId, 'classroom-observation');
    }
  }
  await s.adaptations.endorse({
    tenantId,
    adaptationId: DEMO[0]!.a.id,
    userId: userIds.get('chloe')!.userId,
    outcome: 'worked-well',
    note: 'Used the flyers with my Grade 6 class too.',
  });
  if (!(await s.adaptations.feedback(DEMO[2]!.a.id)).length) {
    await s.adaptations.addFeedback({
      tenantId,
      adaptationId: DEMO[2]!.a.id,
      userId: ben.userId,
      type: 'question',
      text: 'How long did the four-corners round take?',
    });
  }
  return DEMO.length;
}
