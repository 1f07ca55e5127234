import { describe, expect, it } from 'vitest';
import { findPrivacyConcerns } from '../src/index.js';

const kinds = (text: string) => findPrivacyConcerns(text).map((c) => `${c.kind}:${c.text}`);

describe('findPrivacyConcerns', () => {
  it.each([
    ['My student Maria needed the sentence frames twice.', ['student-name:Maria']],
    ['A student named Jayden Smith finished early.', ['student-name:Jayden Smith']],
    ['Maria, a student with dyslexia, used the audio version.', ['student-name:Maria']],
    ['Jayden (my son) tried it at home.', ['student-name:Jayden']],
    ["Check Tomás's IEP before the quiz.", ['student-name:Tomás']],
    ['Liam has an IEP for reading.', ['student-name:Liam']],
    ['Mi alumna Sofía lo entendió con dibujos.', ['student-name:Sofía']],
    ['Email the parent at ana.lopez@example.org first.', ['email:ana.lopez@example.org']],
    ['Student ID 4471923 missed the pretest.', ['id-number:ID 4471923']],
    ['Record #20391847 in the tracker.', ['id-number:#20391847']],
    ['Call home: (555) 201-3344.', ['phone:(555) 201-3344']],
  ])('warns about %j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    'Give students a graphic organiser before the reading.',
    'Students who are English learners benefit from the word wall.',
    'My students loved the Friday exit tickets.',
    'Pair each student with a partner from another table.',
    'For ELLs, pre-teach the Tier 2 vocabulary on Monday.',
    'Spend 15 minutes on the warm-up in 2026; page 123 of the guide.',
    'Use the student-led discussion protocol from Unit 4.',
    'The lesson 3 video is 12 minutes long; pause at 4:30.',
  ])('stays quiet for ordinary teacher prose: %j', (text) => {
    expect(findPrivacyConcerns(text)).toEqual([]);
  });

  it('reports every concern in order with offsets that point at the text', () => {
    const text = 'Email bo@example.org about my student Maria.';
    const concerns = findPrivacyConcerns(text);
    expect(concerns.map((c) => c.kind)).toEqual(['email', 'student-name']);
    for (const c of concerns) expect(text.slice(c.index, c.index + c.text.length)).toBe(c.text);
    expect(concerns[1]!.message).toMatch(/group of learners/);
  });
});
