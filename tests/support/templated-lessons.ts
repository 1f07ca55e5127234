import { CURRICULUM_TEXTS, type CurriculumText } from './curriculum-texts.js';

/**
 * A curriculum unit page laid out the way publishers' sites are: every lesson built from the same
 * template (numbered headings, a learning goal, routine boxes such as "Stop and jot" and "Show the
 * solution", prompts that differ from lesson to lesson in one to three words) around a real
 * public-domain text. Pages are data (lessons of blocks), so the edits a publisher makes (a lesson
 * inserted, deleted or moved, a paragraph deleted, words changed) are made on the data and the page
 * rendered again, and the place of every block is known on both versions. Pure: no DOM, so the
 * same cases are built in Node and in a browser. The cases are in templated-cases.ts.
 */

/** One element with text: `{n}` in its text stands for the lesson's number (headings are renumbered on render). */
export interface Block {
  pid: string;
  tag: string;
  cls?: string;
  text: string;
  /** The template a look-alike block was filled from (blocks of one template differ in a few words). */
  template?: string;
  /** The block is the same in every lesson (a routine box). */
  boilerplate?: boolean;
  /** The block is the lesson's source text. */
  reading?: boolean;
}

/** An element that holds blocks (a routine box, the reading). */
export interface Container {
  tag: string;
  cls?: string;
  items: Block[];
}

/** One lesson of the unit. */
export interface Lesson {
  textId: string;
  items: (Block | Container)[];
}

/** A unit page. */
export interface UnitPage {
  title: string;
  lessons: Lesson[];
}

/** Routine box text, identical in every lesson (written for this repository). */
export const STOP_AND_JOT =
  'Pause after the first paragraph. In your notebook, write one sentence that says the main idea in your own words, then compare it with a partner.';
const TIP =
  'Teacher tip: if students struggle, read the passage aloud a second time and pause after each sentence to ask what it says.';
const ACCEPT = "Accept any answer that quotes the text and explains the quotation in the student's own words.";

const DEVICES = ['repetition', 'contrast', 'examples', 'definitions'] as const;
const GOAL_VERBS = ['support', 'challenge'] as const;
const FIND_VERBS = ['supports', 'contradicts', 'strengthens', 'weakens'] as const;
const STANCES = ['agree', 'disagree'] as const;
const MINUTES = ['2', '3', '5'] as const;

/** The page's random choices, from a seeded generator. */
export type Random = () => number;

const pick = <T>(rand: Random, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Is `x` a container (a box), not a block? */
export const isContainer = (x: Block | Container): x is Container => 'items' in x;

/** The blocks of a lesson in document order. */
export function lessonBlocks(lesson: Lesson): Block[] {
  return lesson.items.flatMap((x) => (isContainer(x) ? x.items : [x]));
}

/** A lesson built from the template around one text, with seeded choices for its templated prompts. */
export function buildLesson(text: CurriculumText, rand: Random): Lesson {
  const id = text.id;
  const b = (slot: string, tag: string, body: string, extra: Partial<Block> = {}): Block => ({
    pid: `${id}-${slot}`,
    tag,
    text: body,
    ...extra,
  });
  const first = text.paragraphs[0]!.split(/\s+/).slice(0, 6).join(' ');
  // The text's four longest words: a lesson-specific last line, so the next lesson's heading has lesson-specific context.
  const vocabulary = [
    ...new Set(
      text.paragraphs
        .join(' ')
        .toLowerCase()
        .match(/\p{L}+/gu),
    ),
  ]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .slice(0, 4);
  return {
    textId: id,
    items: [
      b('title', 'h2', `Lesson {n}: ${text.title}`),
      b(
        'goal',
        'p',
        `Students will explain how ${text.author} uses ${pick(rand, DEVICES)} to ${pick(rand, GOAL_VERBS)} the central claim of the text.`,
        { cls: 'goal', template: 'goal' },
      ),
      b('warmup-h', 'h3', 'Warm-up (5 minutes)', { boilerplate: true }),
      b(
        'warmup',
        'p',
        `Display the title and ask students what they already know about ${text.topic}. Give students ${pick(rand, MINUTES)} minutes of quiet think time before they share with a partner.`,
        { template: 'warmup' },
      ),
      b('read-h', 'h3', `Activity {n}.1: Read \u201c${text.title}\u201d`),
      { tag: 'aside', cls: 'tip', items: [b('tip', 'p', TIP, { boilerplate: true })] },
      {
        tag: 'div',
        cls: 'reading',
        items: text.paragraphs.map((p, i) => b(`read${i + 1}`, 'p', p, { reading: true })),
      },
      {
        tag: 'aside',
        cls: 'routine',
        items: [
          b('jot-h', 'h4', 'Stop and jot', { boilerplate: true }),
          b('jot', 'p', STOP_AND_JOT, { boilerplate: true }),
        ],
      },
      b('close-h', 'h3', 'Activity {n}.2: Close reading (15 minutes)'),
      b(
        'close',
        'p',
        `Ask students to underline the word \u201c${text.keyword}\u201d and explain why ${text.author} repeats it.`,
        { template: 'close' },
      ),
      b(
        'early',
        'p',
        `Students who finish early should find one sentence that ${pick(rand, FIND_VERBS)} the claim and share it with the class.`,
        { template: 'early' },
      ),
      {
        tag: 'details',
        cls: 'solution',
        items: [
          b('sol-h', 'summary', 'Show the solution', { boilerplate: true }),
          b('sol', 'p', `Sample answer: \u201c${first} \u2026\u201d sets up the claim. ${ACCEPT}`),
        ],
      },
      b('cool-h', 'h3', 'Cool-down (5 minutes)', { boilerplate: true }),
      b(
        'cool',
        'p',
        `Exit ticket: Does ${text.author} ${pick(rand, STANCES)} with the statement on the board? Cite one line of \u201c${text.title}\u201d to explain your answer.`,
        { template: 'cool' },
      ),
      b('vocab', 'p', `Key vocabulary: ${vocabulary.join(', ')}.`, { cls: 'vocabulary' }),
    ],
  };
}

/** A unit of `count` lessons from the texts, in a seeded order; the texts left over can be inserted later. */
export function buildUnitPage(rand: Random, count = 8): { page: UnitPage; spare: CurriculumText[] } {
  const texts = [...CURRICULUM_TEXTS];
  for (let i = texts.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [texts[i], texts[j]] = [texts[j]!, texts[i]!];
  }
  return {
    page: {
      title: 'Unit 3: Reading foundational texts',
      lessons: texts.slice(0, count).map((t) => buildLesson(t, rand)),
    },
    spare: texts.slice(count),
  };
}

/** A deep copy to edit. */
export function clonePage(page: UnitPage): UnitPage {
  return structuredClone(page);
}

/** A block's text as the page shows it (lesson numbers filled in). */
export function blockText(block: Block, lessonNumber: number): string {
  return block.text.replaceAll('{n}', String(lessonNumber));
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page as HTML. Every block is one element with a single text node and a `data-pid`. */
export function renderPage(page: UnitPage): string {
  const out: string[] = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>',
    escapeHtml(page.title),
    '</title></head><body>\n<nav><a href="#">Units</a> / <a href="#">Unit 3</a></nav>\n<main>\n  <h1>',
    escapeHtml(page.title),
    '</h1>\n',
  ];
  const block = (b: Block, n: number, indent: string) =>
    `${indent}<${b.tag}${b.cls ? ` class="${b.cls}"` : ''} data-pid="${b.pid}">${escapeHtml(blockText(b, n))}</${b.tag}>\n`;
  page.lessons.forEach((lesson, i) => {
    out.push(`  <section class="lesson" id="lesson-${lesson.textId}">\n`);
    for (const item of lesson.items) {
      if (isContainer(item)) {
        out.push(`    <${item.tag}${item.cls ? ` class="${item.cls}"` : ''}>\n`);
        for (const b of item.items) out.push(block(b, i + 1, '      '));
        out.push(`    </${item.tag}>\n`);
      } else out.push(block(item, i + 1, '    '));
    }
    out.push('  </section>\n');
  });
  out.push(
    '</main>\n<footer><p>Texts in the public domain; lesson materials written for Margins tests.</p></footer>\n</body></html>\n',
  );
  return out.join('');
}

/** Every block of the page with its lesson number, in document order. */
export function pageBlocks(page: UnitPage): { block: Block; lesson: number }[] {
  return page.lessons.flatMap((l, i) => lessonBlocks(l).map((block) => ({ block, lesson: i + 1 })));
}

/** Finds a block by id (undefined when the edit removed it). */
export function findBlock(page: UnitPage, pid: string): { block: Block; lesson: number } | undefined {
  return pageBlocks(page).find((x) => x.block.pid === pid);
}
