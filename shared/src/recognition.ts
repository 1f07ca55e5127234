import { z } from 'zod';
import type { ContributionEvent } from './contribution.js';
import { ContributionTypeSchema } from './contribution.js';
import { MENTORING_ACTIVITY_KINDS } from './mentoring.js';
import { plainText } from './text.js';

/**
 * Recognition rules are data, not code (DESIGN: Contribution ledger): each rule says which ledger
 * events count, whose contribution they are, and what threshold earns it. Many entry points on
 * purpose (author, tester, feedback giver, curator, mentor, cross-school influence); nothing here
 * ranks people, a rule is either earned or not.
 */
export const RecognitionRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1).max(100),
  description: z.string().min(1).max(500),
  /** The Open Badges criteria narrative: how it is earned, in words. */
  criteria: z.string().min(1).max(1000),
  entryPoint: z.enum(['author', 'tester', 'feedback', 'curator', 'mentor', 'influence']),
  /** Which kinds of events count. */
  eventTypes: z.array(ContributionTypeSchema).min(1),
  /** Whose recognition it is: the person who acted, or the person whose work it was about. */
  creditTo: z.enum(['actor', 'beneficiary']),
  /** Only events whose `data[key]` is one of these values count (e.g. endorsements with an outcome). */
  where: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]))).default({}),
  /** How many are needed. */
  threshold: z.number().int().min(1),
  /** Count distinct values of this field instead of events (e.g. distinct colleagues, distinct schools). */
  distinct: z.enum(['actorId', 'adaptationId', 'contextId', 'schoolId']).nullable().default(null),
  /** Reach the threshold within one adaptation (e.g. one practice tried by three colleagues). */
  perAdaptation: z.boolean().default(false),
});
/** A recognition rule. */
export type RecognitionRule = z.infer<typeof RecognitionRuleSchema>;

/** Outcomes that mean a colleague actually tried the practice in class. */
const TRIED_OUTCOMES = ['worked-well', 'worked-with-changes', 'mixed', 'did-not-work'];

/** The rules Margins ships with (issue 7); districts may add their own rows of the same shape. */
export const DEFAULT_RECOGNITION_RULES: RecognitionRule[] = [
  {
    id: 'first-shared-adaptation',
    name: 'First shared practice',
    entryPoint: 'author',
    description: 'Shared an instructional adaptation with colleagues for the first time.',
    criteria: 'Share at least one adaptation with your course, district or network.',
    eventTypes: ['shared'],
    creditTo: 'actor',
    where: {},
    threshold: 1,
    distinct: null,
    perAdaptation: false,
  },
  {
    id: 'practice-tried-by-three',
    name: 'Practice tried by colleagues',
    entryPoint: 'author',
    description: 'Three colleagues tried one of your shared practices in their classes and reported how it went.',
    criteria: 'One shared adaptation receives "I tried this" with an outcome from at least three different colleagues.',
    eventTypes: ['endorsed'],
    creditTo: 'beneficiary',
    where: { outcome: TRIED_OUTCOMES },
    threshold: 3,
    distinct: 'actorId',
    perAdaptation: true,
  },
  {
    id: 'five-pieces-of-feedback',
    name: 'Critical friend',
    entryPoint: 'feedback',
    description: 'Gave five pieces of structured feedback to colleagues.',
    criteria:
      "Give at least five pieces of structured feedback (what worked, a question or a suggestion) on colleagues' adaptations.",
    eventTypes: ['feedback-given'],
    creditTo: 'actor',
    where: {},
    threshold: 5,
    distinct: null,
    perAdaptation: false,
  },
  {
    id: 'tried-and-reported',
    name: 'Tried and reported',
    entryPoint: 'tester',
    description: "Tried three colleagues' practices and reported the outcome.",
    criteria: 'Report "I tried this" with an outcome on at least three different colleagues\' adaptations.',
    eventTypes: ['endorsed'],
    creditTo: 'actor',
    where: { outcome: TRIED_OUTCOMES },
    threshold: 3,
    distinct: 'adaptationId',
    perAdaptation: false,
  },
  {
    id: 'adopted-in-two-schools',
    name: 'Practice that travels',
    entryPoint: 'influence',
    description: 'One of your practices was adopted by colleagues in two or more schools.',
    criteria: 'One shared adaptation is tried or remixed by colleagues from at least two different schools.',
    eventTypes: ['endorsed', 'remixed'],
    creditTo: 'beneficiary',
    where: {},
    threshold: 2,
    distinct: 'schoolId',
    perAdaptation: true,
  },
  {
    id: 'curator',
    name: 'Curator',
    entryPoint: 'curator',
    description: "Curated a collection of colleagues' practices for the school's goals.",
    criteria: 'Publish a collection of adaptations aligned with a focus area.',
    eventTypes: ['curated'],
    creditTo: 'actor',
    where: {},
    threshold: 1,
    distinct: null,
    perAdaptation: false,
  },
  {
    id: 'mentor',
    name: 'Mentor',
    entryPoint: 'mentor',
    description: 'Mentored a newer colleague through documented mentoring activities.',
    criteria:
      'As the mentor of a newer teacher a coach paired you with, hold two mentoring activities (co-planning, a ' +
      'classroom observation, a feedback conversation, a modelled lesson or co-teaching), each confirmed by the ' +
      'other person of the pair.',
    eventTypes: ['mentoring'],
    creditTo: 'actor',
    // Only confirmed activities carry a kind: the pairing itself (recorded by earlier versions) does not count.
    where: { activityKind: [...MENTORING_ACTIVITY_KINDS] },
    threshold: 2,
    distinct: null,
    perAdaptation: false,
  },
  {
    id: 'informed-curriculum',
    name: 'Informed the curriculum',
    entryPoint: 'influence',
    description:
      'A shared adaptation of yours was part of a passage report your district sent to its curriculum team or publisher.',
    criteria:
      'A curriculum lead exports a passage-level curriculum insight report that includes at least one of your shared adaptations.',
    eventTypes: ['informed-curriculum'],
    creditTo: 'beneficiary',
    where: {},
    threshold: 1,
    distinct: null,
    perAdaptation: false,
  },
];

/** A rule someone has earned, with the events that earned it (for the credential's evidence). */
export interface EarnedRecognition {
  ruleId: string;
  personId: string;
  /** When the threshold was crossed: the time of the event that completed it. */
  earnedAt: string;
  /** The adaptation it was earned on, for per-adaptation rules. */
  adaptationId: string | null;
  eventIds: string[];
}

function matches(rule: RecognitionRule, e: ContributionEvent): boolean {
  if (!rule.eventTypes.includes(e.type)) return false;
  return Object.entries(rule.where).every(([key, allowed]) => {
    const value = e.data[key];
    return value !== undefined && value !== null && allowed.includes(value);
  });
}

/**
 * Evaluates rules over ledger events (any order) and returns every recognition earned, at most one
 * per (rule, person) — the first time its threshold was crossed. Events without the field a rule
 * counts distinct values of (say, no school known) do not count toward it. Self-credit never counts:
 * an event whose actor is also its beneficiary is ignored by every rule.
 */
export function evaluateRecognitionRules(
  rules: readonly RecognitionRule[],
  events: readonly ContributionEvent[],
): EarnedRecognition[] {
  const ordered = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const earned: EarnedRecognition[] = [];
  for (const rule of rules) {
    const progress = new Map<string, { keys: Set<string>; eventIds: string[] }>();
    const done = new Set<string>();
    for (const e of ordered) {
      if (!matches(rule, e)) continue;
      const person = rule.creditTo === 'actor' ? e.actorId : e.beneficiaryId;
      if (!person || done.has(person)) continue;
      // Acting on your own work (endorsing or giving feedback on your own practice) is not a contribution.
      if (e.beneficiaryId && e.actorId === e.beneficiaryId) continue;
      if (rule.perAdaptation && !e.adaptationId) continue;
      const countKey = rule.distinct ? e[rule.distinct] : e.id;
      if (!countKey) continue;
      const groupKey = rule.perAdaptation ? `${person}\u0000${e.adaptationId}` : person;
      const p = progress.get(groupKey) ?? { keys: new Set<string>(), eventIds: [] };
      progress.set(groupKey, p);
      if (p.keys.has(countKey)) continue;
      p.keys.add(countKey);
      p.eventIds.push(e.id);
      if (p.keys.size >= rule.threshold) {
        done.add(person);
        earned.push({
          ruleId: rule.id,
          personId: person,
          earnedAt: e.at,
          adaptationId: rule.perAdaptation ? e.adaptationId : null,
          eventIds: [...p.eventIds],
        });
      }
    }
  }
  return earned;
}

/** What a coach writes when awarding recognition by hand: a name and a citation saying what the teacher did. */
export const CoachAwardInputSchema = z.object({
  recipientId: z.string().min(1).max(200),
  title: plainText('The recognition title', { min: 1, max: 100 }),
  citation: plainText('The citation', { min: 20, max: 2_000, multiline: true }),
  /**
   * The `confirmation` of the preview the coach saw (issue 16): nothing is signed until the coach
   * has seen the exact public text, and a text changed since the preview must be previewed again.
   */
  confirmedPreview: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'Preview the public text of the recognition before awarding it.')
    .optional(),
});
/** A coach-awarded recognition request. */
export type CoachAwardInput = z.input<typeof CoachAwardInputSchema>;
