// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AppError,
  fromWebAnnotation,
  TargetSelectorsSchema,
  toWebAnnotation,
  type TargetSelectors,
} from '../src/index.js';
import { makeAdaptation } from '../src/testing/fixtures.js';
import {
  anchor,
  anchorMany,
  buildTextIndex,
  describe as describeRange,
  MIN_SCORE,
  StaleTextIndexError,
  textIndexIsCurrent,
  textOffsetsOf,
} from '../src/anchoring/index.js';

function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/** A Range over the first occurrence of `text` in the body's text (which may cross elements). */
function select(text: string, root: Node = document.body): Range {
  const index = buildTextIndex(root);
  const at = index.text.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not on the page`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (at >= pos && at <= pos + n.length && range.startContainer === document) range.setStart(n, at - pos);
    if (at + text.length <= pos + n.length) {
      if (range.startContainer === document) range.setStart(n, at - pos);
      range.setEnd(n, at + text.length - pos);
      return range;
    }
    pos += n.length;
  }
  throw new Error('unreachable');
}

function anchoredText(selectors: TargetSelectors, root: Node = document.body) {
  const r = anchor(selectors, buildTextIndex(root));
  return r.status === 'anchored' ? { text: r.range.toString(), strategy: r.strategy, confidence: r.confidence } : r;
}

const LESSON = `<main><h1>Lesson 3: Adding fractions</h1>
  <p>Students add fractions with <b>unlike denominators</b> using area models.</p>
  <p>Then they check their answers with a partner and explain each step.</p></main>`;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('describe', () => {
  it('writes the quote, 32 visible characters of context, a code-point position and an element path', () => {
    page(LESSON);
    const sel = describeRange(select('unlike denominators'), document.body);
    expect(sel.quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'unlike denominators',
      prefix: expect.stringMatching(/Students add fractions with $/),
      suffix: expect.stringMatching(/^ using area models\./),
    });
    expect(sel.quote.prefix.replace(/\s+/g, ' ')).toHaveLength(32);
    expect(sel.range).toEqual({
      type: 'RangeHint',
      startContainer: '/main[1]/p[1]/b[1]',
      startOffset: 0,
      endContainer: '/main[1]/p[1]/b[1]',
      endOffset: 19,
    });
    expect(buildTextIndex(document.body).text.slice(sel.position!.start, sel.position!.end)).toBe(
      'unlike denominators',
    );
    expect(TargetSelectorsSchema.parse(sel)).toEqual(sel);
  });

  it('trims whitespace around the selection and keeps the context free of indentation', () => {
    page('<p>one</p>\n\n          \n<p>  two words here  </p>');
    const sel = describeRange(select('  two words here  '), document.body);
    expect(sel.quote.exact).toBe('two words here');
    expect(sel.quote.prefix).toContain('one');
  });

  it('counts astral characters once in positions, as W3C requires', () => {
    page('<p>smile 😊 and then the quote</p>');
    const sel = describeRange(select('the quote'), document.body);
    expect(sel.position).toEqual({ type: 'TextPositionSelector', start: 17, end: 26 });
    expect(anchoredText({ quote: { ...sel.quote, exact: 'the quote' }, position: sel.position })).toMatchObject({
      text: 'the quote',
      strategy: 'position',
    });
  });

  it('refuses an empty or whitespace-only selection with a message saying what to do', () => {
    page('<p>a   b</p>');
    const text = document.querySelector('p')!.firstChild!;
    const range = document.createRange();
    range.setStart(text, 1);
    range.setEnd(text, 4);
    expect(() => describeRange(range, document.body)).toThrow(AppError);
    expect(() => describeRange(range, document.body)).toThrow(/select the words/);
  });

  it('refuses a selection outside the root it is given', () => {
    page('<div id="a">inside</div><div id="b">outside</div>');
    expect(() => describeRange(select('outside'), document.getElementById('a')!)).toThrow(
      /outside the part of the page/,
    );
  });

  it('refuses a selection longer than a quote may be', () => {
    page(`<p>${'word '.repeat(5000)}</p>`);
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('p')!);
    expect(() => describeRange(range, document.body)).toThrow(/too long .* the limit is 20,000/);
  });

  it('round-trips through the W3C export', () => {
    page(LESSON);
    const target = describeRange(select('check their answers with a partner'), document.body);
    const adaptation = makeAdaptation({ target });
    expect(fromWebAnnotation(JSON.parse(JSON.stringify(toWebAnnotation(adaptation)))).target).toEqual(target);
  });
});

describe('anchor', () => {
  it('anchors at the recorded position when the page has not changed', () => {
    page(LESSON);
    const sel = describeRange(select('unlike denominators'), document.body);
    expect(anchoredText(sel)).toEqual({ text: 'unlike denominators', strategy: 'position', confidence: 1 });
  });

  it('finds the passage exactly elsewhere when text was added before it', () => {
    page(LESSON);
    const sel = describeRange(select('check their answers'), document.body);
    page(LESSON.replace('<main>', '<main><p>New: a warm-up activity was added at the top of this lesson.</p>'));
    expect(anchoredText({ quote: sel.quote, position: sel.position })).toMatchObject({
      text: 'check their answers',
      strategy: 'exact',
      confidence: 1,
    });
  });

  it('chooses between copies of a quote by their context, then by distance from the hint', () => {
    page('<p>First, read the text aloud. Then discuss.</p><p>Finally, read the text aloud again at home.</p>');
    const second = describeRange(select('read the text aloud again'), document.body);
    const quote = { ...second.quote, exact: 'read the text aloud', suffix: ' again at home.' };
    const r = anchor({ quote }, buildTextIndex(document.body));
    expect(r.status === 'anchored' && textOffsetsOf(r.range, buildTextIndex(document.body))!.start).toBe(
      buildTextIndex(document.body).text.lastIndexOf('read the text aloud'),
    );
    const noContext = { type: 'TextQuoteSelector' as const, exact: 'read the text aloud', prefix: '', suffix: '' };
    const near = anchor(
      { quote: noContext, position: { type: 'TextPositionSelector', start: 50, end: 69 } },
      buildTextIndex(document.body),
    );
    expect(near.status === 'anchored' && textOffsetsOf(near.range, buildTextIndex(document.body))!.start).toBe(
      buildTextIndex(document.body).text.lastIndexOf('read the text aloud'),
    );
  });

  it('anchors approximately when the publisher fixed a typo in the passage', () => {
    page(LESSON.replace('explain each step', 'explian each step'));
    const sel = describeRange(select('explian each step'), document.body);
    page(LESSON);
    const r = anchoredText(sel);
    expect(r).toMatchObject({ text: 'explain each step', strategy: 'approximate' });
    expect((r as { confidence: number }).confidence).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it('ignores reflowed and collapsed whitespace, non-breaking spaces, soft hyphens and curly quotes', () => {
    page("<p>Use the teacher's   guide\n      for the warm-up.</p>");
    const sel = describeRange(select("teacher's   guide\n      for"), document.body);
    page('<p>Use the teacher\u2019s\u00a0gui\u00adde for the warm-up.</p>');
    expect(anchoredText(sel)).toMatchObject({ text: 'teacher\u2019s\u00a0gui\u00adde for', confidence: 1 });
  });

  it('finds a passage that spans inline elements', () => {
    page('<p>Add <em>fractions</em> with <a href="#">unlike</a> denominators.</p>');
    const sel = describeRange(select('fractions with unlike denom'), document.body);
    page('<p>Add fractions with <strong>unlike denominators</strong>.</p>');
    expect(anchoredText(sel)).toMatchObject({ text: 'fractions with unlike denom', confidence: 1 });
  });

  it('reports an orphan, not a look-alike, when the passage was deleted and a similar one remains', () => {
    const lessons = `<p>In lesson 3, students add fractions with unlike denominators using area models.</p>
      <p>In lesson 4, students add fractions with like denominators using number lines.</p>`;
    page(lessons);
    const sel = describeRange(
      select('students add fractions with unlike denominators using area models'),
      document.body,
    );
    page(lessons.replace(/<p>In lesson 3.*?<\/p>/, '<p>Lesson 3 was moved to next week.</p>'));
    const r = anchor(sel, buildTextIndex(document.body));
    expect(r).toMatchObject({ status: 'orphan', reason: 'low-confidence' });
    if (r.status === 'orphan') expect(r.bestScore).toBeLessThan(MIN_SCORE);
  });

  it('says why when the passage is gone, repeated without telling context, or the selectors are unusable', () => {
    page(LESSON);
    const sel = describeRange(select('area models'), document.body);
    page('<p>Nothing of that lesson remains here.</p>');
    expect(anchor(sel, buildTextIndex(document.body))).toMatchObject({
      status: 'orphan',
      reason: 'not-found',
      message: expect.stringMatching(/no longer on this page/),
    });
    page('<p>area models, area models, area models</p>');
    expect(anchor(sel, buildTextIndex(document.body))).toMatchObject({
      status: 'orphan',
      reason: 'ambiguous',
      message: expect.stringMatching(/appears 3 times/),
    });
    const bad = { quote: { type: 'TextQuoteSelector', exact: '  \n ', prefix: '', suffix: '' } } as TargetSelectors;
    expect(anchor(bad, buildTextIndex(document.body))).toMatchObject({ status: 'orphan', reason: 'invalid-selectors' });
  });

  it('keeps a passage in boilerplate repeated in every lesson on its own lesson, and orphans it when that copy is deleted', () => {
    const note = 'Teacher note: review the key vocabulary before the lesson.';
    const lessons = (n: number, edit?: (i: number, html: string) => string) =>
      Array.from({ length: n }, (_, i) => {
        const html = `<section><h2>Lesson ${i}</h2><p>Students compare strategy ${i * 7} and explain it.</p><p class="note">${note}</p></section>`;
        return edit ? edit(i, html) : html;
      }).join('');
    page(lessons(6));
    const notes = document.querySelectorAll('p.note');
    const range = document.createRange();
    range.setStart(notes[3]!.firstChild!, note.indexOf('key vocabulary'));
    range.setEnd(notes[3]!.firstChild!, note.indexOf('key vocabulary') + 'key vocabulary'.length);
    const sel = describeRange(range, document.body);
    const inLesson3 = (r: ReturnType<typeof anchor>) =>
      r.status === 'anchored' && r.range.startContainer.parentElement === document.querySelectorAll('p.note')[3];
    // A typo fixed in lesson 3's copy: found there, not in an exact copy of another lesson.
    page(
      lessons(6, (i, html) =>
        i === 3
          ? html.replace('key vocabulary', 'key vocabluary')
          : i === 1
            ? `<p>A new introduction was added.</p>${html}`
            : html,
      ),
    );
    expect(inLesson3(anchor(sel, buildTextIndex(document.body)))).toBe(true);
    // Lesson 3's note deleted: the other lessons' copies are not it.
    page(lessons(6, (i, html) => (i === 3 ? html.replace(note, 'Teacher note: none today.') : html)));
    expect(anchor(sel, buildTextIndex(document.body))).toMatchObject({ status: 'orphan', reason: 'ambiguous' });
  });

  it('re-anchors a short quote found once when the sentence before it was rewritten and the text after it is intact', () => {
    const lesson = (launch: string) => `<main><h2>Launch (10 minutes)</h2><p>${launch}</p>
      <p>Close with an exit ticket: 1/2 + 1/3, with a drawing that shows the common unit.</p></main>`;
    page(lesson('Students add fractions with unlike denominators using area models and fraction strips.'));
    const target = describeRange(select('exit ticket'), document.body);
    page(lesson('Students practise adding fractions on a number line.'));
    expect(anchoredText(target)).toMatchObject({ text: 'exit ticket' });
    // The same quote with neither side of its context left is still refused: that is a look-alike.
    page('<main><p>Grade the exit ticket tomorrow in your planning period with your team.</p></main>');
    expect(anchoredText(target)).toMatchObject({ status: 'orphan', reason: 'low-confidence' });
  });

  it('compares context without regard to letter case', () => {
    page('<p>Read the chapter. Then answer the questions in your notebook.</p>');
    const sel = describeRange(select('answer the questions'), document.body);
    page('<p>READ THE CHAPTER. THEN answer the questions IN YOUR NOTEBOOK.</p>');
    expect(anchoredText({ quote: sel.quote })).toMatchObject({ text: 'answer the questions', confidence: 1 });
  });

  it('is stricter when asked for a higher minimum score', () => {
    page(LESSON.replace('explain each step', 'explian each step'));
    const sel = describeRange(select('explian each step'), document.body);
    page(LESSON);
    expect(anchor(sel, buildTextIndex(document.body)).status).toBe('anchored');
    expect(anchor(sel, buildTextIndex(document.body), { minScore: 0.99 }).status).toBe('orphan');
  });

  it('ignores a position or range hint that points past the end of a shorter page', () => {
    page('<p>short page with the quote</p>');
    const sel: TargetSelectors = {
      quote: { type: 'TextQuoteSelector', exact: 'the quote', prefix: 'short page with ', suffix: '' },
      position: { type: 'TextPositionSelector', start: 5000, end: 5009 },
      range: {
        type: 'RangeHint',
        startContainer: '/div[9]/p[3]',
        startOffset: 4,
        endContainer: '/div[9]/p[3]',
        endOffset: 13,
      },
    };
    expect(anchoredText(sel)).toMatchObject({ text: 'the quote', strategy: 'exact' });
  });
});

describe('anchorMany and the shared index', () => {
  it('keeps every adaptation, orphans included, and walks the page only once', () => {
    page(LESSON);
    const index = buildTextIndex(document.body);
    const good = describeRange(select('area models'), index);
    const walk = vi.spyOn(document, 'createTreeWalker');
    const items = [
      { id: 'a', target: good },
      { id: 'b', target: { ...good, quote: { ...good.quote, exact: 'a sentence that is not on this page at all' } } },
      { id: 'c', target: { quote: null } as unknown as TargetSelectors },
    ];
    const results = anchorMany(items, index);
    expect([...results.keys()]).toEqual(['a', 'b', 'c']);
    expect(results.get('a')).toMatchObject({ status: 'anchored' });
    expect(results.get('b')).toMatchObject({ status: 'orphan', reason: 'not-found' });
    expect(results.get('c')).toMatchObject({ status: 'orphan', reason: 'invalid-selectors' });
    expect(walk).not.toHaveBeenCalled();
    walk.mockRestore();
  });

  it('refuses to draw from an index the page has since changed under', () => {
    page(LESSON);
    const index = buildTextIndex(document.body);
    const sel = describeRange(select('area models'), index);
    document.querySelector('b')!.nextSibling!.textContent = ' using number lines and area models.';
    expect(textIndexIsCurrent(index)).toBe(false);
    expect(() => anchor(sel, index)).toThrow(StaleTextIndexError);
    expect(() => anchorMany([{ id: 'x', target: sel }], index)).toThrow(StaleTextIndexError);
  });

  describe('on a 1 MB page', () => {
    // Building the page is set-up, not what is tested: it happens in the hook (with the DOM API,
    // three times faster than jsdom's HTML parser), so a loaded machine does not eat the test's budget.
    beforeAll(() => {
      const text = (i: number) =>
        `Paragraph ${i}: students compare strategies for problem ${(i * 7) % 101} and record their reasoning.`;
      document.body.textContent = '';
      const paragraphs = document.createDocumentFragment();
      for (let i = 0; i < 12000; i++)
        paragraphs.append(Object.assign(document.createElement('p'), { textContent: text(i) }));
      document.body.append(paragraphs);
    });

    it('indexes a 1 MB page and anchors on it', () => {
      const index = buildTextIndex(document.body);
      expect(index.text.length).toBeGreaterThan(1_000_000);
      const target = document.querySelectorAll('p')[9876]!.firstChild!;
      const range = document.createRange();
      range.setStart(target, 0);
      range.setEnd(target, 'Paragraph 9876: students'.length);
      const sel = describeRange(range, index);
      expect(anchor(sel, index)).toMatchObject({ status: 'anchored', strategy: 'position' });
      expect(anchor({ quote: { ...sel.quote, exact: 'Paragraph 9876: studemts' } }, index)).toMatchObject({
        status: 'anchored',
        strategy: 'approximate',
      });
    });
  });
});
