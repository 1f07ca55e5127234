import { describe, expect, it } from 'vitest';
import { clip, practiceName, workedFor } from '../src/ui/practice.js';

describe('practice cards', () => {
  it('names a practice by its own first sentence, not its page', () => {
    expect(
      practiceName({
        body: 'Before the tables, act out a "which is the better deal?" shopping scene with real grocery flyers. Post a sentence frame.',
      }),
    ).toBe('Before the tables, act out a "which is the better deal?" shopping scene with real grocery flyers.');
    expect(practiceName({ body: 'Pair work first\nThen groups of four.' })).toBe('Pair work first');
  });

  it('clips long text at a word boundary with an ellipsis', () => {
    const long = 'word '.repeat(60);
    const out = clip(long, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.endsWith('word…')).toBe(true);
    expect(clip('short', 50)).toBe('short');
  });

  it('counts colleagues for whom it worked, well or with changes', () => {
    expect(workedFor({ outcomes: { 'worked-well': 2, 'worked-with-changes': 1, 'did-not-work': 4 } })).toBe(3);
    expect(workedFor({ outcomes: {} })).toBe(0);
  });
});
