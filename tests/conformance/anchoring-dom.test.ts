import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { AppError, TargetSelectorsSchema, type TargetSelectors } from '@margins/shared';
import {
  anchor,
  buildTextIndex,
  describe as describeRange,
  textOffsetsOf,
  toKey,
  type TextIndex,
} from '@margins/shared/anchoring';
import { describeConformance } from '../support/conformance.js';
import { loadSavedPages, parsePage } from '../support/anchoring-edits.js';
import { Tally } from '../support/tally.js';

/**
 * DOM fixtures: Apache Annotator's text-quote match / describe and text-position cases, and
 * Hypothesis' range descriptions and saved pages with real annotations, run through describe()
 * and anchor() in jsdom.
 */

interface XRange {
  startContainerXPath: string;
  startOffset: number;
  endContainerXPath: string;
  endOffset: number;
}

function xnode(doc: Document, path: string, context: Node = doc): Node {
  const n = doc.evaluate(path, context, null, 9 /* FIRST_ORDERED_NODE_TYPE */, null).singleNodeValue;
  if (!n) throw new Error(`The fixture's path ${path} names no node`);
  return n;
}

function toRange(doc: Document, r: XRange): Range {
  const range = doc.createRange();
  range.setStart(xnode(doc, r.startContainerXPath), r.startOffset);
  range.setEnd(xnode(doc, r.endContainerXPath), r.endOffset);
  return range;
}

/** Two ranges are the same passage when they cover the same characters of the page's text. */
function sameText(index: TextIndex, a: Range, b: Range): boolean {
  const x = textOffsetsOf(a, index);
  const y = textOffsetsOf(b, index);
  return !!x && !!y && x.start === y.start && x.end === y.end;
}

/** Margins refuses empty quotes: an adaptation is always about some text (TextQuoteSelectorSchema). */
const EMPTY_QUOTE =
  'Margins never stores an empty quote (an adaptation is about some text), so empty selections are refused and empty quotes are orphans';

describeConformance(
  'anchoring',
  'Apache Annotator text-quote match cases (../shared/conformance/anchoring/apache-annotator/match-cases.json)',
  (dir) => {
    const { testCases } = JSON.parse(readFileSync(join(dir, 'apache-annotator/match-cases.json'), 'utf8')) as {
      testCases: Record<
        string,
        { html: string; selector: { exact: string; prefix?: string; suffix?: string }; expected: XRange[] }
      >;
    };
    const tally = new Tally('apache-annotator/match-cases.json');
    for (const [name, c] of Object.entries(testCases)) {
      tally.case(`${name}: ${c.expected.length ? 'anchors on one of the expected matches' : 'finds no match'}`, () => {
        const doc = parsePage(c.html);
        const index = buildTextIndex(doc);
        const selectors = {
          quote: { type: 'TextQuoteSelector', prefix: '', suffix: '', ...c.selector },
        } as TargetSelectors;
        const result = anchor(selectors, index);
        if (c.expected.length === 0) {
          expect(result.status).toBe('orphan');
          return 'agree';
        }
        if (c.selector.exact === '') {
          expect(result).toMatchObject({ status: 'orphan', reason: 'invalid-selectors' });
          return { differs: EMPTY_QUOTE };
        }
        expect(result.status).toBe('anchored');
        if (result.status !== 'anchored') return 'agree';
        // Apache returns every match; anchor() returns the best one, which must be among them.
        expect(c.expected.some((e) => sameText(index, toRange(doc, e), result.range))).toBe(true);
        return 'agree';
      });
    }
  },
);

describeConformance(
  'anchoring',
  'Apache Annotator text-quote describe cases (../shared/conformance/anchoring/apache-annotator/describe-cases.json)',
  (dir) => {
    const groups = JSON.parse(readFileSync(join(dir, 'apache-annotator/describe-cases.json'), 'utf8')) as Record<
      string,
      Record<
        string,
        {
          html: string;
          range: XRange;
          options: Record<string, unknown>;
          expected: { exact: string; prefix: string; suffix: string };
        }
      >
    >;
    const tally = new Tally('apache-annotator/describe-cases.json');
    for (const [group, cases] of Object.entries(groups)) {
      for (const [name, c] of Object.entries(cases)) {
        tally.case(`${group} / ${name}: describes the quote and enough context to find it again`, () => {
          const doc = parsePage(c.html);
          const index = buildTextIndex(doc);
          const range = toRange(doc, c.range);
          if (c.expected.exact === '') {
            expect(() => describeRange(range, index)).toThrow(AppError);
            return { differs: EMPTY_QUOTE };
          }
          const sel = describeRange(range, index);
          expect(sel.quote.exact).toBe(c.expected.exact);
          // Apache writes the least context that makes the quote unique; Margins always writes 32
          // visible characters. Either way one must extend the other (50-character words are cut at 32).
          const compatible = (ours: string, theirs: string, side: 'prefix' | 'suffix') =>
            side === 'prefix'
              ? ours.endsWith(theirs) || theirs.endsWith(ours)
              : ours.startsWith(theirs) || theirs.startsWith(ours);
          expect(compatible(sel.quote.prefix, c.expected.prefix, 'prefix')).toBe(true);
          expect(compatible(sel.quote.suffix, c.expected.suffix, 'suffix')).toBe(true);
          // What the context is for: the description anchors back on the same passage.
          const back = anchor(sel, index);
          expect(back).toMatchObject({ status: 'anchored', strategy: 'position', confidence: 1 });
          if (back.status === 'anchored') expect(sameText(index, back.range, range)).toBe(true);
          return 'agree';
        });
      }
    }
  },
);

describeConformance(
  'anchoring',
  'Apache Annotator text-position cases (../shared/conformance/anchoring/apache-annotator/text-position-match-cases.json)',
  (dir) => {
    const { testCases } = JSON.parse(
      readFileSync(join(dir, 'apache-annotator/text-position-match-cases.json'), 'utf8'),
    ) as {
      testCases: Record<string, { html: string; selector: { start: number; end: number }; expected: XRange[] }>;
    };
    const tally = new Tally('apache-annotator/text-position-match-cases.json');
    for (const [name, c] of Object.entries(testCases)) {
      tally.case(`${name}: maps code-point positions to the expected range and back`, () => {
        const doc = parsePage(c.html);
        const index = buildTextIndex(doc);
        const expected = toRange(doc, c.expected[0]!);
        if (c.selector.start === c.selector.end) {
          expect(() => describeRange(expected, index)).toThrow(AppError);
          return { differs: EMPTY_QUOTE };
        }
        // describe() writes the position in code points, as W3C (and this fixture) count them.
        const sel = describeRange(expected, index);
        expect(sel.position).toEqual({ type: 'TextPositionSelector', ...c.selector });
        // anchor() uses the position first: a quote present elsewhere too must still resolve here.
        const result = anchor({ quote: sel.quote, position: { type: 'TextPositionSelector', ...c.selector } }, index);
        expect(result).toMatchObject({ status: 'anchored', strategy: 'position' });
        if (result.status === 'anchored') expect(sameText(index, result.range, expected)).toBe(true);
        return 'agree';
      });
    }
  },
);

describeConformance(
  'anchoring',
  'Hypothesis range descriptions (../shared/conformance/anchoring/hypothesis-client/range-specs.json)',
  (dir) => {
    const fixture = readFileSync(join(dir, 'hypothesis-client/html-anchoring-fixture.html'), 'utf8');
    const { specs } = JSON.parse(readFileSync(join(dir, 'hypothesis-client/range-specs.json'), 'utf8')) as {
      specs: [string | number, number, string | number, number, string, string][];
    };
    const tally = new Tally('hypothesis-client/range-specs.json');
    for (const [startC, startO, endC, endO, quote, label] of specs) {
      tally.case(
        `${label} (${JSON.stringify([startC, startO, endC, endO])}): describes and anchors back with each hint`,
        () => {
          const doc = parsePage('<!doctype html><body></body>');
          const container = doc.createElement('section');
          container.innerHTML = fixture;
          doc.body.appendChild(container);
          // Containers are an index into the container's text nodes or an XPath relative to it (as upstream).
          const texts: Node[] = [];
          const walker = doc.createTreeWalker(container, 4);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
          const node = (c: string | number) =>
            typeof c === 'number' ? texts[c]! : xnode(doc, c.replace(/^\//, ''), container);
          const range = doc.createRange();
          range.setStart(node(startC), startO);
          range.setEnd(node(endC), endO);
          expect(range.toString()).toBe(quote);

          const index = buildTextIndex(container);
          const sel = describeRange(range, index);
          expect(sel.quote.exact).toBe(quote.trim());
          expect(sel.position).toBeDefined();
          expect(sel.range).toBeDefined();
          // Each hint on its own, and none, must lead back to the same text.
          const variants: [string, TargetSelectors][] = [
            ['all selectors', sel],
            ['quote only', { quote: sel.quote }],
            ['quote and position', { quote: sel.quote, position: sel.position! }],
            ['quote and range hint', { quote: sel.quote, range: sel.range! }],
          ];
          for (const [what, s] of variants) {
            const r = anchor(s, index);
            expect(r.status, what).toBe('anchored');
            if (r.status === 'anchored') expect(r.range.toString().trim(), what).toBe(quote.trim());
            if (r.status === 'anchored' && what !== 'quote only') expect(r.strategy, what).toBe('position');
          }
          expect(TargetSelectorsSchema.parse(sel)).toEqual(sel);
          return 'agree';
        },
      );
    }
  },
);

describeConformance(
  'anchoring',
  'Hypothesis saved pages with real annotations (../shared/conformance/anchoring/hypothesis-client/html-baselines)',
  (dir) => {
    const tally = new Tally('hypothesis-client/html-baselines');
    for (const page of loadSavedPages(dir)) {
      for (const a of page.annotations) {
        tally.case(`${page.name} / ${a.label}: anchors the saved selectors on the saved quote`, () => {
          const doc = parsePage(page.html);
          const index = buildTextIndex(doc.body);
          const result = anchor(a.selectors, index);
          expect(result).toMatchObject({ status: 'anchored', confidence: 1 });
          if (result.status !== 'anchored') return 'agree';
          expect(toKey(result.range.toString(), true)).toBe(toKey(a.selectors.quote.exact, true));
          // Describing what we anchored gives the saved quote and position again.
          const again = describeRange(result.range, index);
          expect(again.quote.exact).toBe(a.selectors.quote.exact.trim());
          const saved = a.selectors.position!;
          if (again.position!.start !== saved.start) {
            // The saved page differs from the page Hypothesis annotated before this passage; the
            // range hint and the quote still find it, and the new position is where it is now.
            expect(result.strategy).toBe('position');
            console.log(
              `[anchoring fixtures] note: ${page.name} / ${a.label}: the saved TextPosition (${saved.start}) is off by ${again.position!.start - saved.start} on the saved copy of the page; anchored through the range hint`,
            );
          }
          return 'agree';
        });
      }
    }
  },
);
