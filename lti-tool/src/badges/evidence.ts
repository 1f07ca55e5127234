import type { ContributionType, EarnedRecognition, RecognitionRule } from '@margins/shared';

/**
 * The evidence narrative of a rule-earned badge: what counted, in plain words, from the rule and
 * the number of ledger events that met it. It never names colleagues, students, courses or
 * adaptations (a credential is public and permanent), only counts and the date.
 */

const EVENT_NOUNS: Record<ContributionType, [string, string]> = {
  shared: ['adaptation shared with colleagues', 'adaptations shared with colleagues'],
  endorsed: ['"I tried this" report', '"I tried this" reports'],
  remixed: ['remix by a colleague', 'remixes by colleagues'],
  'feedback-given': ['piece of structured feedback', 'pieces of structured feedback'],
  curated: ['published collection', 'published collections'],
  mentoring: ['mentoring pairing', 'mentoring pairings'],
  recognised: ['recognition', 'recognitions'],
  'informed-curriculum': [
    'adaptation sent to the curriculum team or publisher',
    'adaptations sent to the curriculum team or publisher',
  ],
};

const DISTINCT_PHRASES: Record<NonNullable<RecognitionRule['distinct']>, string> = {
  actorId: 'different colleagues',
  adaptationId: 'different adaptations',
  contextId: 'different courses',
  schoolId: 'different schools',
};

const LONG_DATE = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

function eventPhrase(rule: RecognitionRule, count: number): string {
  const kinds = rule.eventTypes.map((t) => EVENT_NOUNS[t][count === 1 ? 0 : 1]);
  if (kinds.length === 1) return kinds[0]!;
  return `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
}

/** One paragraph saying what earned the badge, for `evidence.narrative`. */
export function describeRuleEvidence(rule: RecognitionRule, earned: EarnedRecognition, issuerName: string): string {
  const count = earned.eventIds.length;
  const parts: string[] = [];
  let what = `${count} ${eventPhrase(rule, count)}`;
  if ('outcome' in rule.where) what += count === 1 ? ' with a classroom outcome' : ' with classroom outcomes';
  else if (Object.keys(rule.where).length) what += ' meeting the rule\u2019s conditions';
  if (rule.distinct) what += `, from ${count} ${DISTINCT_PHRASES[rule.distinct]}`;
  if (rule.perAdaptation)
    what +=
      rule.creditTo === 'beneficiary'
        ? ', all about one of the teacher\u2019s shared adaptations'
        : ', all on one adaptation';
  else if (rule.creditTo === 'beneficiary') what += ', about the teacher\u2019s work';
  parts.push(`What counted: ${what}.`);
  parts.push(
    `The rule \u201c${rule.name}\u201d (threshold ${rule.threshold}) was met on ${LONG_DATE.format(new Date(earned.earnedAt))}, as recorded in the Margins contribution record of ${issuerName}.`,
  );
  parts.push('Colleagues, students and individual adaptations are not named here, to protect their privacy.');
  return parts.join(' ');
}
