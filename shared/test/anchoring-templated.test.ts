// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { anchor, buildTextIndex, describe as describeRange, MIN_SCORE, textOffsetsOf } from '../src/anchoring/index.js';
import type { TargetSelectors } from '../src/index.js';
import { changesMeaning, numberingPrefix } from '../src/anchoring/words.js';

/** Issue 18: the rules that keep adaptations off the wrong lesson of a templated curriculum page. */

const JOT = 'In your notebook, write one sentence that says the main idea in your own words.';

/**
 * A unit page: lessons of one template, each with its own reading and vocabulary word, the same
 * "Stop and jot" box, a templated prompt and a homework line quoting the reading.
 */
function unit(readings: string[]): string {
  return `<main>${readings
    .map((r, i) => {
      const words = r.split(' ');
      return (
        `<section><h2>Lesson ${i + 1}: Reading ${String.fromCharCode(65 + i)}</h2><p>${r}</p>` +
        `<p>Vocabulary: ${VOCABULARY[READINGS.indexOf(r)]}.</p><aside><h4>Stop and jot</h4><p class="jot">${JOT}</p></aside>` +
        `<p>Ask students to underline the word "${words[1]}" and explain why the author repeats it.</p>` +
        `<p>Homework: reread "${words.slice(0, 3).join(' ')}".</p></section>`
      );
    })
    .join('')}</main>`;
}

/** One word per reading: the boxes' contexts differ only by it, as a template's do. */
const VOCABULARY = ['nation', 'motion', 'length', 'words', 'plants'];

const READINGS = [
  'Four score and seven years ago our fathers brought forth on this continent a new nation.',
  'Every body perseveres in its state of rest, or of uniform motion in a right line.',
  'A point is that which has no part. A line is breadthless length.',
  'Vigorous writing is concise. A sentence should contain no unnecessary words.',
  'It is interesting to contemplate an entangled bank, clothed with many plants.',
];

function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/** Selectors for `text` inside the element `el` (as describe() writes them on the current page). */
function selectIn(el: Element, text: string): TargetSelectors {
  const node = el.firstChild as Text;
  const at = node.data.indexOf(text);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + text.length);
  return describeRange(range, document.body);
}

/** Where a result was drawn, as the element holding it and the text. */
function drawn(sel: TargetSelectors) {
  const index = buildTextIndex(document.body);
  const r = anchor(sel, index);
  if (r.status !== 'anchored') return r;
  return { text: r.range.toString(), strategy: r.strategy, at: textOffsetsOf(r.range, index) };
}

/** The element a result was drawn in (null for an orphan): compared by identity, not by content. */
function drawnIn(sel: TargetSelectors): Element | null {
  const r = anchor(sel, buildTextIndex(document.body));
  return r.status === 'anchored' ? r.range.startContainer.parentElement : null;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('templated pages', () => {
  it('keeps a routine box on its own lesson when a lesson was inserted before it and the element path names the neighbouring copy', () => {
    page(unit(READINGS.slice(0, 4)));
    const sel = selectIn(document.querySelectorAll('p.jot')[2]!, JOT);
    // The path /main[1]/section[3]/aside[1]/p[1] now names lesson 2's box; lesson 3's is section[4].
    page(unit([READINGS[4]!, ...READINGS.slice(0, 4)]));
    expect(drawnIn(sel)).toBe(document.querySelectorAll('p.jot')[3]);
  });

  it('keeps a routine box on its own lesson when a lesson before it was deleted', () => {
    page(unit(READINGS));
    const sel = selectIn(document.querySelectorAll('p.jot')[3]!, JOT);
    page(unit([READINGS[0]!, READINGS[2]!, READINGS[3]!, READINGS[4]!]));
    expect(drawnIn(sel)).toBe(document.querySelectorAll('p.jot')[2]);
  });

  it('orphans a deleted templated paragraph rather than drawing a copy that names another word', () => {
    const html = unit(READINGS.slice(0, 4));
    page(html);
    const prompt = document.querySelectorAll('section')[2]!.lastElementChild!;
    const sel = selectIn(prompt, prompt.textContent);
    page(html.replace(prompt.outerHTML, ''));
    expect(drawn(sel)).toMatchObject({ status: 'orphan' });
  });

  it('orphans a deleted sentence rather than drawing a look-alike whose verb reverses it, even where the passage was', () => {
    const lesson = (verb: string) =>
      `<p>Students who finish early should find one sentence that ${verb} the claim and share it with the class.</p>`;
    const html = `<main>${['supports', 'weakens', 'strengthens', 'contradicts'].map(lesson).join('<hr>')}</main>`;
    page(html);
    const p = document.querySelectorAll('p')[1]!;
    const sel = selectIn(p, p.textContent);
    page(html.replace(lesson('weakens'), ''));
    expect(drawn(sel)).toMatchObject({ status: 'orphan' });
  });

  it('draws a passage whose word was replaced where it was, when no other copy of it says something else', () => {
    page(`<main><p>${READINGS[0]}</p><p>${READINGS[1]}</p></main>`);
    const sel = selectIn(document.querySelectorAll('p')[1]!, 'perseveres in its state of rest, or of uniform motion');
    page(`<main><p>${READINGS[0]}</p><p>${READINGS[1]!.replace('rest', 'quiet')}</p></main>`);
    expect(drawn(sel)).toMatchObject({
      text: 'perseveres in its state of quiet, or of uniform motion',
      strategy: 'approximate',
    });
  });

  it('treats a word inserted at the start of the quote like an edit inside it', () => {
    const text = 'Four score and seven years ago our fathers brought forth on this continent.';
    page(`<main><p>Tip: read it aloud.</p><p>${text}</p></main>`);
    const sel = selectIn(
      document.querySelectorAll('p')[1]!,
      'Four score and seven years ago our fathers brought forth on',
    );
    page(`<main><p>Tip: read it aloud.</p><p>${text.replace('Four score', 'Four truly score')}</p></main>`);
    expect(drawn(sel)).toMatchObject({ text: 'Four truly score and seven years ago our fathers brought forth on' });
  });

  it('treats a first word deleted from the quote like an edit inside it', () => {
    const text = 'Four score and seven years ago our fathers brought forth on this continent, a new nation.';
    page(`<main><p>${text}</p></main>`);
    const sel = selectIn(document.querySelector('p')!, 'seven years ago our fathers brought forth on this continent');
    page(`<main><p>${text.replace('seven ', '')}</p></main>`);
    expect(drawn(sel)).toMatchObject({ text: 'years ago our fathers brought forth on this continent' });
  });

  it('draws a quote of a few words found once on the page whatever the text around it became', () => {
    page(
      '<main><p>The class read the opening together. A line is breadthless length, said Euclid, and we drew one.</p></main>',
    );
    const sel = selectIn(document.querySelector('p')!, 'A line is breadthless length');
    page(
      '<main><p>Nobody remembers the old version. A line is breadthless length and the rest was rewritten as well.</p></main>',
    );
    expect(drawn(sel)).toMatchObject({ text: 'A line is breadthless length', strategy: 'exact' });
    // Two copies with unrelated context: that is still a guess, so it stays an orphan.
    page('<main><p>x A line is breadthless length y</p><p>z A line is breadthless length w</p></main>');
    expect(drawn(sel)).toMatchObject({ status: 'orphan' });
    // A single word or two is not specific: it needs its context.
    const short = selectIn(document.querySelector('p')!, 'breadthless length');
    page('<main><p>Completely new text around breadthless length here.</p></main>');
    expect(anchor(short, buildTextIndex(document.body))).toMatchObject({ status: 'orphan' });
  });

  it('finds a numbered heading whose number changed when its section moved', () => {
    page(unit(READINGS));
    const sel = selectIn(document.querySelectorAll('h2')[1]!, 'Lesson 2: Reading B');
    // Lesson 2 moved to the end: the page renumbers it "Lesson 5".
    const moved = unit([READINGS[0]!, READINGS[2]!, READINGS[3]!, READINGS[4]!, READINGS[1]!]).replace(
      /Reading ([A-E])/g,
      (_, l: string) => `Reading ${'ACDEB'['ABCDE'.indexOf(l)]}`,
    );
    page(moved);
    const r = drawn(sel);
    expect(r).toMatchObject({ text: 'Lesson 5: Reading B', strategy: 'approximate' });
    expect(anchor(sel, buildTextIndex(document.body))).toMatchObject({ confidence: expect.any(Number) });
    const conf = anchor(sel, buildTextIndex(document.body));
    expect(conf.status === 'anchored' && conf.confidence).toBeGreaterThanOrEqual(MIN_SCORE);
  });
});

describe('changesMeaning', () => {
  it('says a templated look-alike says something else when a content word or a negation differs', () => {
    expect(
      changesMeaning('find one sentence that weakens the claim', 'find one sentence that strengthens the claim'),
    ).toBe(true);
    expect(changesMeaning('explain why Lincoln repeats it', 'explain why Newton repeats it')).toBe(true);
    expect(changesMeaning('prices increase in winter', 'prices decrease in winter')).toBe(true);
    expect(changesMeaning('Give students 2 minutes', 'Give students 3 minutes')).toBe(true);
    expect(changesMeaning('we can dedicate this ground', 'we can not dedicate this ground')).toBe(true);
  });

  it('says an edited passage says the same when letters, inflections, function words or added words differ', () => {
    expect(changesMeaning('Every body perseveres in its state', 'Every body pesreveres in its state')).toBe(false);
    expect(changesMeaning('students divide the columns', 'students divides the column')).toBe(false);
    expect(changesMeaning('the whole is greater than the part', 'the whole is greater then a part')).toBe(false);
    expect(changesMeaning('the brave men struggled here', 'the brave men truly struggled here')).toBe(false);
    expect(changesMeaning('Lesson 4: The laws of motion', 'Lesson 6: The laws of motion')).toBe(false);
  });

  it('finds numbering only where a heading has it', () => {
    expect(numberingPrefix('Lesson 4: The laws')).toEqual({ start: 7, end: 8 });
    expect(numberingPrefix('Activity 4.1: Read')).toEqual({ start: 9, end: 12 });
    expect(numberingPrefix('4.2 Postulates')).toEqual({ start: 0, end: 3 });
    expect(numberingPrefix('2 minutes of quiet')).toBeUndefined();
    expect(numberingPrefix('In 1863 Lincoln')).toBeUndefined();
  });
});
