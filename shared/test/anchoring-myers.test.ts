import { describe, expect, it } from 'vitest';
import { searchApprox } from '../src/anchoring/index.js';
import { alignProfile, contextErrors, contextProfile } from '../src/anchoring/myers.js';

/** Plain dynamic programming: least edits of `pattern` against a substring ending at each offset. */
function naiveEnds(text: string, pattern: string): number[] {
  const m = pattern.length;
  let prev = Array.from({ length: m + 1 }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < text.length; j++) {
    const cur = [0];
    for (let i = 1; i <= m; i++) {
      cur[i] = Math.min(prev[i]! + 1, cur[i - 1]! + 1, prev[i - 1]! + (pattern[i - 1] === text[j] ? 0 : 1));
    }
    out.push(cur[m]!);
    prev = cur;
  }
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bit-parallel approximate search', () => {
  it('reports exactly the ends plain dynamic programming finds, for patterns of one to four blocks', () => {
    const rand = rng(42);
    let withMatches = 0;
    const word = (n: number, alphabet: string) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let trial = 0; trial < 300; trial++) {
      const alphabet = ['ab', 'abcd', 'abcdefghij'][trial % 3]!;
      const m = 1 + Math.floor(rand() * 120);
      const pattern = word(m, alphabet);
      // Plant an edited copy of the pattern in random text so there are close matches to find.
      const planted = pattern.split('');
      for (let e = Math.floor(rand() * (m / 4 + 1)); e > 0; e--)
        planted.splice(Math.floor(rand() * planted.length), rand() < 0.5 ? 1 : 0, alphabet[0]!);
      const text =
        word(Math.floor(rand() * 150), alphabet) + planted.join('') + word(Math.floor(rand() * 150), alphabet);
      const k = Math.floor(rand() * (m / 2 + 1));
      const expected = naiveEnds(text, pattern)
        .map((d, j) => [j + 1, d] as const)
        .filter(([, d]) => d <= k);
      const got = searchApprox(text, pattern, k).map((x) => [x.end, x.errors] as const);
      expect(got, `trial ${trial}: m=${m} k=${k}`).toEqual(expected);
      if (expected.length > 0) withMatches++;
    }
    // The planted copy makes most trials compare real matches, not two empty lists.
    expect(withMatches).toBeGreaterThan(250);
  });

  it('gives each match a start whose substring is within the reported edits', () => {
    const text = 'It was the best of times, it was the worst of times, it was the age of wisdom';
    const matches = searchApprox(text, 'the wurst of tymes', 4);
    // The edited phrase is found, so the loop below checks something.
    expect(matches.map((m) => text.slice(m.start, m.end))).toContain('the worst of times');
    expect.assertions(1 + matches.length);
    for (const m of matches) {
      expect(naiveEnds(text.slice(m.start, m.end), 'the wurst of tymes').at(-1)).toBeLessThanOrEqual(m.errors);
    }
  });

  it('gives, for every boundary at once, the edits a one-boundary-at-a-time computation gives', () => {
    const rand = rng(7);
    const word = (n: number) => Array.from({ length: n }, () => 'abcde'[Math.floor(rand() * 5)]).join('');
    /** Global edit distance by plain dynamic programming. */
    const distance = (a: string, b: string) => {
      let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++)
          cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
      return prev[b.length]!;
    };
    let checked = 0;
    for (let trial = 0; trial < 60; trial++) {
      const text = word(40 + Math.floor(rand() * 80));
      const pattern = word(1 + Math.floor(rand() * 70));
      const at = Math.floor(rand() * text.length);
      const back = alignProfile(text, at, -1, pattern, 50);
      // One element per length read, 0 included: an empty profile would check nothing.
      expect(back.length).toBe(Math.min(at, 50) + 1);
      back.forEach((d, j) => expect(d).toBe(distance(pattern, text.slice(at - j, at))));
      const fwd = alignProfile(text, at, 1, pattern, 50);
      expect(fwd.length).toBe(Math.min(text.length - at, 50) + 1);
      fwd.forEach((d, j) => expect(d).toBe(distance(pattern, text.slice(at, at + j))));
      const from = Math.floor(rand() * text.length);
      const to = Math.min(text.length, from + Math.floor(rand() * 20));
      const side = pattern.slice(0, 32);
      const prefixes = contextProfile(text, from, to, -1, side);
      const suffixes = contextProfile(text, from, to, 1, side);
      expect([prefixes.length, suffixes.length]).toEqual([to - from + 1, to - from + 1]);
      prefixes.forEach((d, i) => expect(d, `prefix at ${from + i}`).toBe(contextErrors(text, from + i, -1, side)));
      suffixes.forEach((d, i) => expect(d, `suffix at ${from + i}`).toBe(contextErrors(text, from + i, 1, side)));
      checked += back.length + fwd.length + prefixes.length + suffixes.length;
    }
    expect(checked).toBeGreaterThan(60 * 4);
  });
});
