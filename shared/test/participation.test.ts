import { describe, expect, it } from 'vitest';
import { describeParticipationFormula, PARTICIPATION_MAXIMUM, participationScore } from '../src/participation.js';

describe('the participation grade formula', () => {
  it('gives nothing for no participation and the maximum for reaching every target', () => {
    expect(PARTICIPATION_MAXIMUM).toBe(100);
    expect(participationScore({ shared: 0, tried: 0, feedback: 0 })).toBe(0);
    expect(participationScore({ shared: 1, tried: 1, feedback: 2 })).toBe(100);
  });

  it('caps each part at its target, so doing one thing many times never reaches the maximum', () => {
    expect(participationScore({ shared: 12, tried: 0, feedback: 0 })).toBe(40);
    expect(participationScore({ shared: 0, tried: 9, feedback: 9 })).toBe(60);
  });

  it('counts partial progress toward a target', () => {
    expect(participationScore({ shared: 0, tried: 0, feedback: 1 })).toBe(15);
    expect(participationScore({ shared: 1, tried: 0, feedback: 1 })).toBe(55);
  });

  it('explains every part in words', () => {
    const lines = describeParticipationFormula();
    expect(lines).toHaveLength(3);
    expect(lines.join(' ')).toMatch(
      /40 points for the first one.*30 points for the first one.*30 points for 2 \(15 each\)/s,
    );
  });
});
