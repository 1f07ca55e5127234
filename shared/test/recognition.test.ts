import { describe, expect, it } from 'vitest';
import {
  ContributionEventSchema,
  DEFAULT_RECOGNITION_RULES,
  evaluateRecognitionRules,
  RecognitionRuleSchema,
  type ContributionEvent,
} from '../src/index.js';

let seq = 0;
/** A ledger event with a fresh id and an increasing timestamp. */
function ev(partial: Partial<ContributionEvent> & Pick<ContributionEvent, 'type' | 'actorId'>): ContributionEvent {
  seq += 1;
  return ContributionEventSchema.parse({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    ...partial,
  });
}
const A1 = '11111111-1111-4111-8111-111111111111';
const A2 = '22222222-2222-4222-8222-222222222222';
const earnedBy = (events: ContributionEvent[], ruleId: string) =>
  evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, events).filter((e) => e.ruleId === ruleId);

describe('evaluateRecognitionRules', () => {
  it('ships rules that satisfy their own schema, with unique ids', () => {
    for (const rule of DEFAULT_RECOGNITION_RULES) expect(RecognitionRuleSchema.parse(rule)).toEqual(rule);
    expect(new Set(DEFAULT_RECOGNITION_RULES.map((r) => r.id)).size).toBe(DEFAULT_RECOGNITION_RULES.length);
  });

  it('credits the first shared adaptation once, at the first share', () => {
    const first = ev({ type: 'shared', actorId: 'ana', adaptationId: A1 });
    const earned = earnedBy(
      [first, ev({ type: 'shared', actorId: 'ana', adaptationId: A2 })],
      'first-shared-adaptation',
    );
    expect(earned).toEqual([
      {
        ruleId: 'first-shared-adaptation',
        personId: 'ana',
        earnedAt: first.at,
        adaptationId: null,
        eventIds: [first.id],
      },
    ]);
  });

  it('credits the author when three different colleagues tried one practice with an outcome', () => {
    const tried = (actorId: string, adaptationId = A1, outcome = 'worked-well') =>
      ev({ type: 'endorsed', actorId, beneficiaryId: 'ana', adaptationId, data: { outcome } });
    const events = [tried('bo'), tried('bo'), tried('cy'), tried('di', A2), tried('ed', A1, 'mixed')];
    const [earned, ...rest] = earnedBy(events, 'practice-tried-by-three');
    expect(rest).toEqual([]);
    expect(earned).toMatchObject({ personId: 'ana', adaptationId: A1, earnedAt: events[4]!.at });
    expect(earned!.eventIds).toEqual([events[0]!.id, events[2]!.id, events[4]!.id]);
  });

  it('does not credit three tries spread over different adaptations for the per-practice rule', () => {
    const events = ['bo', 'cy', 'di'].map((actorId, i) =>
      ev({
        type: 'endorsed',
        actorId,
        beneficiaryId: 'ana',
        adaptationId: i % 2 ? A1 : A2,
        data: { outcome: 'worked-well' },
      }),
    );
    expect(earnedBy(events, 'practice-tried-by-three')).toEqual([]);
  });

  it('ignores endorsements without an outcome and self-endorsements', () => {
    const events = [
      ev({ type: 'endorsed', actorId: 'bo', beneficiaryId: 'ana', adaptationId: A1 }),
      ev({
        type: 'endorsed',
        actorId: 'ana',
        beneficiaryId: 'ana',
        adaptationId: A1,
        data: { outcome: 'worked-well' },
      }),
      ev({ type: 'endorsed', actorId: 'cy', beneficiaryId: 'ana', adaptationId: A1, data: { outcome: 'worked-well' } }),
      ev({ type: 'endorsed', actorId: 'di', beneficiaryId: 'ana', adaptationId: A1, data: { outcome: 'worked-well' } }),
    ];
    expect(earnedBy(events, 'practice-tried-by-three')).toEqual([]);
  });

  it('credits five pieces of feedback to the giver, on the fifth', () => {
    const events = Array.from({ length: 6 }, () => ev({ type: 'feedback-given', actorId: 'bo', beneficiaryId: 'ana' }));
    expect(earnedBy(events, 'five-pieces-of-feedback')).toEqual([
      expect.objectContaining({ personId: 'bo', earnedAt: events[4]!.at }),
    ]);
    expect(earnedBy(events.slice(0, 4), 'five-pieces-of-feedback')).toEqual([]);
  });

  it('credits a practice adopted in two schools, counting remixes and skipping unknown schools', () => {
    const events = [
      ev({ type: 'endorsed', actorId: 'bo', beneficiaryId: 'ana', adaptationId: A1, schoolId: 'north' }),
      ev({ type: 'endorsed', actorId: 'cy', beneficiaryId: 'ana', adaptationId: A1, schoolId: 'north' }),
      ev({ type: 'endorsed', actorId: 'di', beneficiaryId: 'ana', adaptationId: A1 }),
      ev({ type: 'remixed', actorId: 'ed', beneficiaryId: 'ana', adaptationId: A1, schoolId: 'south' }),
    ];
    expect(earnedBy(events, 'adopted-in-two-schools')).toEqual([
      expect.objectContaining({ personId: 'ana', adaptationId: A1, earnedAt: events[3]!.at }),
    ]);
  });

  it('gives the same answer whatever order the events arrive in', () => {
    const events = [
      ...['bo', 'cy', 'di'].map((a) =>
        ev({ type: 'endorsed', actorId: a, beneficiaryId: 'ana', adaptationId: A1, data: { outcome: 'mixed' } }),
      ),
      ev({ type: 'curated', actorId: 'coach' }),
      // Two confirmed mentoring activities earn Mentor; a pairing recorded by an earlier version (no kind) does not count.
      ev({ type: 'mentoring', actorId: 'ana', beneficiaryId: 'new-teacher', data: { activityKind: 'co-planning' } }),
      ev({ type: 'mentoring', actorId: 'ana', beneficiaryId: 'new-teacher', data: { activityKind: 'co-teaching' } }),
      ev({ type: 'mentoring', actorId: 'bo', beneficiaryId: 'new-teacher' }),
      ev({ type: 'mentoring', actorId: 'bo', beneficiaryId: 'new-teacher', data: { activityKind: 'co-teaching' } }),
    ];
    const forward = evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, events);
    expect(evaluateRecognitionRules(DEFAULT_RECOGNITION_RULES, [...events].reverse())).toEqual(forward);
    expect(forward.map((e) => `${e.ruleId}:${e.personId}`).sort()).toEqual([
      'curator:coach',
      'mentor:ana',
      'practice-tried-by-three:ana',
    ]);
  });
});
