import { toKey } from '@margins/shared/anchoring';
import { mulberry32 } from '../bench/prng.js';
import { editInside, filler, INSERTS, int, levenshtein, pickOf, splice, wordSpan } from './templated-edits.js';
import {
  buildLesson,
  buildUnitPage,
  clonePage,
  findBlock,
  isContainer,
  pageBlocks,
  renderPage,
  type Block,
  type Random,
  type UnitPage,
} from './templated-lessons.js';

/**
 * The edit classes that put adaptations in the wrong place, or lost them, on templated curriculum
 * pages (issue 18), generated from a seed on the pages of templated-lessons.ts. Every case says
 * where the passage the teacher selected is on the edited page, or that it is gone. Cases whose
 * passage the page's text cannot tell apart from another (the same quote with the same 32
 * characters each side, numbers aside) are not generated: no engine could know which was meant.
 */

/** The classes, named as in the issue, plus edits of up to 20 % of the passage. */
export const LESSON_CLASSES = [
  'boilerplate-section-shift',
  'deleted-with-lookalike',
  'edit-at-quote-edge',
  'unique-quote-rewritten-context',
  'moved-numbered-heading',
  'edits-up-to-20-percent',
] as const;
/** One class. */
export type LessonClass = (typeof LESSON_CLASSES)[number];

/** A passage: from `start` in block `pid` to `end` in block `endPid` (offsets into each block's text). */
export interface Span {
  pid: string;
  start: number;
  endPid: string;
  end: number;
}

/** One generated case. */
export interface LessonCase {
  id: string;
  cls: LessonClass;
  /** The page the teacher annotated, and the page after the publisher's edit. */
  original: string;
  edited: string;
  target: Span;
  /** Where the passage is on the edited page; null when it is gone. */
  expected: Span | null;
  /** What the edit did, for messages. */
  edit: string;
}

const CONTEXT = 32;

/** `perClass` cases of every class on the page of `seed` (fewer when the page offers fewer). */
export function buildLessonCases(seed: number, perClass = 4): LessonCase[] {
  const rand = mulberry32(seed);
  const { page, spare } = buildUnitPage(rand);
  const original = renderPage(page);
  const base = pageText(page);
  const out: LessonCase[] = [];
  for (const cls of LESSON_CLASSES) {
    let made = 0;
    for (let attempt = 0; made < perClass && attempt < perClass * 30; attempt++) {
      const c = makeCase(cls, page, spare[attempt % spare.length]!, rand);
      if (!c || !distinguishable(base, c.target)) continue;
      if (c.expected === null && quoteStillOnPage(c.editedPage, quoteOf(page, c.target))) continue;
      out.push({
        id: `seed ${seed} #${made + 1} ${c.edit}`,
        cls,
        original,
        edited: renderPage(c.editedPage),
        target: c.target,
        expected: c.expected,
        edit: c.edit,
      });
      made++;
    }
  }
  return out;
}

interface Made {
  editedPage: UnitPage;
  target: Span;
  expected: Span | null;
  edit: string;
}

const one = (pid: string, start: number, end: number): Span => ({ pid, start, endPid: pid, end });

function makeCase(cls: LessonClass, page: UnitPage, spareText: Parameters<typeof buildLesson>[0], rand: Random) {
  const lessons = page.lessons;
  const i = int(rand, 1, lessons.length - 1);
  const lesson = lessons[i]!;
  const id = lesson.textId;
  const edited = clonePage(page);
  switch (cls) {
    case 'boilerplate-section-shift': {
      // A routine box, the same in every lesson; a lesson inserted or deleted earlier on the page.
      const jot = findBlock(page, `${id}-jot`)!.block.text;
      const sol = findBlock(page, `${id}-sol`)!.block.text;
      const choices: [Span, string][] = [
        [one(`${id}-jot`, 0, jot.length), 'the whole "Stop and jot" prompt'],
        [{ pid: `${id}-jot-h`, start: 0, endPid: `${id}-jot`, end: jot.length }, 'the "Stop and jot" box'],
        [one(`${id}-jot`, 0, jot.indexOf('.') + 1), "the prompt's first sentence"],
        [one(`${id}-sol`, sol.indexOf('Accept'), sol.length), "the solution's routine sentence"],
        [one(`${id}-tip`, 0, findBlock(page, `${id}-tip`)!.block.text.length), 'the teacher tip'],
      ];
      const [target, what] = pickOf(rand, choices);
      const j = int(rand, 0, i - 1);
      let edit: string;
      if (rand() < 0.5) {
        edited.lessons.splice(j + (rand() < 0.5 ? 1 : 0), 0, buildLesson(spareText, rand));
        edit = `${what} of lesson ${i + 1}; a lesson inserted before it`;
      } else {
        edited.lessons.splice(j, 1);
        edit = `${what} of lesson ${i + 1}; lesson ${j + 1} deleted`;
      }
      return { editedPage: edited, target, expected: target, edit } satisfies Made;
    }
    case 'deleted-with-lookalike': {
      // A templated paragraph deleted; the other lessons' copies of its template differ in a few words.
      const slot = pickOf(rand, ['goal', 'warmup', 'close', 'early', 'cool']);
      const pid = `${id}-${slot}`;
      const text = findBlock(page, pid)!.block.text;
      const target = rand() < 0.5 ? one(pid, 0, text.length) : wordSpan(text, rand, 24, text.length);
      if (!target) return undefined;
      removeBlock(edited, pid);
      return {
        editedPage: edited,
        target: { ...target, pid, endPid: pid },
        expected: null,
        edit: `lesson ${i + 1}'s ${slot} paragraph deleted`,
      } satisfies Made;
    }
    case 'edit-at-quote-edge': {
      const { pid, text } = readingBlock(lesson, rand);
      const span = wordSpan(text, rand, 40, 200);
      if (!span) return undefined;
      const quote = text.slice(span.start, span.end);
      const words = [...quote.matchAll(/\S+/g)];
      const first = words[0]!;
      const last = words[words.length - 1]!;
      const w = pickOf(rand, INSERTS);
      const kind = pickOf(rand, [
        'word inserted after the first word',
        'word inserted before the first word',
        'word inserted before the last word',
        'first word replaced',
        'last word replaced',
        'first word deleted',
        'last word deleted',
      ]);
      const at = span.start;
      let next: string;
      let newEnd = span.end;
      const lastAt = span.start + last.index;
      switch (kind) {
        case 'word inserted after the first word':
          next = splice(text, at + first[0].length, 0, ` ${w}`);
          newEnd += w.length + 1;
          break;
        case 'word inserted before the first word':
          next = splice(text, at, 0, `${w} `);
          newEnd += w.length + 1;
          break;
        case 'word inserted before the last word':
          next = splice(text, lastAt, 0, `${w} `);
          newEnd += w.length + 1;
          break;
        case 'first word replaced':
          next = splice(text, at, first[0].replace(/\W+$/, '').length, w);
          newEnd += w.length - first[0].replace(/\W+$/, '').length;
          break;
        case 'last word replaced': {
          const core = last[0].replace(/^\W+|\W+$/g, '');
          next = splice(text, lastAt, core.length, w);
          newEnd += w.length - core.length;
          break;
        }
        case 'first word deleted':
          next = splice(text, at, first[0].length + 1, '');
          newEnd -= first[0].length + 1;
          break;
        default:
          next = splice(text, lastAt - 1, last[0].length + 1, '');
          newEnd -= last[0].length + 1;
      }
      if (Math.abs(newEnd - span.end) > 0.2 * quote.length || words.length < 4) return undefined;
      setText(edited, pid, next);
      return {
        editedPage: edited,
        target: one(pid, span.start, span.end),
        expected: one(pid, span.start, newEnd),
        edit: `${kind} of a ${quote.length}-character quote in lesson ${i + 1}`,
      } satisfies Made;
    }
    case 'unique-quote-rewritten-context': {
      const { pid, text } = readingBlock(lesson, rand);
      const span = wordSpan(text, rand, 20, 63, 3);
      if (!span || span.start < CONTEXT + 4 || text.length - span.end < CONTEXT + 4) return undefined;
      const quote = text.slice(span.start, span.end);
      if (!uniqueOn(pageText(page).key, quote)) return undefined;
      // Both sides rewritten, from the sentence boundary (or 40 characters out) to the quote.
      const from = Math.max(0, text.lastIndexOf(' ', span.start - CONTEXT - 8));
      const to = text.indexOf(' ', span.end + CONTEXT + 8);
      const before = filler(rand, span.start - from);
      const after = filler(rand, (to < 0 ? text.length : to) - span.end);
      const next = `${text.slice(0, from)}${from ? ' ' : ''}${before} ${quote} ${after}${to < 0 ? '' : text.slice(to)}`;
      const start = next.indexOf(` ${quote} `) + 1;
      setText(edited, pid, next);
      if (!uniqueOn(pageText(edited).key, quote)) return undefined;
      return {
        editedPage: edited,
        target: one(pid, span.start, span.end),
        expected: one(pid, start, start + quote.length),
        edit: `a ${quote.length}-character quote found once, the text on both sides rewritten, in lesson ${i + 1}`,
      } satisfies Made;
    }
    case 'moved-numbered-heading': {
      const slot = pickOf(rand, ['title', 'read-h']);
      const pid = `${id}-${slot}`;
      let j = int(rand, 0, lessons.length - 2);
      if (j >= i) j++;
      const [moved] = edited.lessons.splice(i, 1);
      edited.lessons.splice(j, 0, moved!);
      const before = findBlock(page, pid)!;
      const after = findBlock(edited, pid)!;
      return {
        editedPage: edited,
        target: one(pid, 0, headingLength(before)),
        expected: one(pid, 0, headingLength(after)),
        edit: `lesson ${i + 1} moved to ${j + 1}, its ${slot === 'title' ? 'title' : 'reading heading'} renumbered`,
      } satisfies Made;
    }
    case 'edits-up-to-20-percent': {
      const { pid, text } = readingBlock(lesson, rand);
      const span = wordSpan(text, rand, 40, 240);
      if (!span) return undefined;
      const share = 0.02 + rand() * 0.18;
      const { text: next, end } = editInside(text, span.start, span.end, share, rand);
      setText(edited, pid, next);
      const m = span.end - span.start;
      const d = levenshtein(text.slice(span.start, span.end), next.slice(span.start, end));
      if (d === 0 || d > 0.2 * m) return undefined;
      // A third of the time the page also changed shape earlier on: the passage is no longer where its hints say.
      const shifted = rand() < 1 / 3;
      if (shifted) edited.lessons.splice(int(rand, 0, i - 1), 0, buildLesson(spareText, rand));
      return {
        editedPage: edited,
        target: one(pid, span.start, span.end),
        expected: one(pid, span.start, end),
        edit: `${d} characters edited in a ${m}-character quote (${Math.round((100 * d) / m)} %) in lesson ${i + 1}${shifted ? ', a lesson inserted before it' : ''}`,
      } satisfies Made;
    }
  }
}

const headingLength = (x: { block: Block; lesson: number }) => x.block.text.replaceAll('{n}', String(x.lesson)).length;

function readingBlock(lesson: UnitPage['lessons'][number], rand: Random): { pid: string; text: string } {
  const blocks = lesson.items.flatMap((x) => (isContainer(x) ? x.items : [x])).filter((b) => b.reading);
  const b = pickOf(rand, blocks);
  return { pid: b.pid, text: b.text };
}

function setText(page: UnitPage, pid: string, text: string): void {
  findBlock(page, pid)!.block.text = text;
}

function removeBlock(page: UnitPage, pid: string): void {
  for (const lesson of page.lessons) {
    lesson.items = lesson.items.filter((x) => isContainer(x) || x.pid !== pid);
    for (const x of lesson.items) if (isContainer(x)) x.items = x.items.filter((b) => b.pid !== pid);
  }
}

/** The page's text in key form as a browser shows it (blocks separated by whitespace), with where each block starts. */
export function pageText(page: UnitPage): { key: string; at: Map<string, number> } {
  const parts = ['Units / Unit 3', page.title];
  const at = new Map<string, number>();
  let n = parts.join(' ').length + 1;
  for (const { block, lesson } of pageBlocks(page)) {
    const t = block.text.replaceAll('{n}', String(lesson));
    at.set(block.pid, n);
    parts.push(t);
    n += t.length + 1;
  }
  parts.push('Texts in the public domain; lesson materials written for Margins tests.');
  return { key: toKey(parts.join(' ')), at };
}

function quoteOf(page: UnitPage, span: Span): string {
  const { key, at } = pageText(page);
  return key.slice(at.get(span.pid)! + span.start, at.get(span.endPid)! + span.end);
}

const uniqueOn = (key: string, quote: string) => {
  const q = toKey(quote);
  const first = key.indexOf(q);
  return first >= 0 && key.indexOf(q, first + 1) < 0;
};

function quoteStillOnPage(page: UnitPage, quote: string): boolean {
  return pageText(page).key.includes(quote);
}

/**
 * False when another place on the page has the same quote with the same 32 characters each side
 * (letter case and digits aside): the selectors cannot tell the two apart, so no engine can.
 */
function distinguishable(base: { key: string; at: Map<string, number> }, span: Span): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/\d/g, '0');
  const key = fold(base.key);
  const s = base.at.get(span.pid)! + span.start;
  const e = base.at.get(span.endPid)! + span.end;
  const triple = key.slice(Math.max(0, s - CONTEXT), Math.min(key.length, e + CONTEXT));
  const first = key.indexOf(triple);
  return key.indexOf(triple, first + 1) < 0;
}
