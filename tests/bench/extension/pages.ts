import { mulberry32 } from '../prng.js';
/** Curriculum-like pages for the extension benchmark, generated from a seed so every run sees the same text. */

const WORDS = (
  'students fractions denominator numerator model strips area number line compare equivalent sum difference ' +
  'explain reason evidence discuss partner share group think write draw check unit whole part equal size lesson goal ' +
  'practice launch closing ticket question vocabulary sentence frame visual concrete abstract represent estimate'
).split(' ');

/** A lesson page of about `bytes` bytes: sections of paragraphs, each paragraph numbered so its text is unique. */
export function lessonOfSize(bytes: number, seed = 2026): string {
  const random = mulberry32(seed);
  const parts: string[] = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unit 4: Fractions (generated)</title></head><body><main><h1>Unit 4: Fractions</h1>',
  ];
  let size = parts[0]!.length;
  for (let p = 0; size < bytes; p++) {
    if (p % 10 === 0) parts.push(`<h2>Part ${p / 10 + 1}</h2>`);
    const words = Array.from(
      { length: 60 + Math.floor(random() * 40) },
      () => WORDS[Math.floor(random() * WORDS.length)],
    );
    const html = `<p id="p${p}">Step ${p}: ${words.join(' ')}.</p>\n`;
    parts.push(html);
    size += html.length;
  }
  parts.push('</main></body></html>');
  return parts.join('');
}
