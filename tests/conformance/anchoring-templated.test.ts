import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchor, textOffsetsOf } from '@margins/shared/anchoring';
import { baselineAnchor } from '../bench/anchoring/baseline.js';
import { toBaselineSelectors } from '../bench/anchoring/run-bench.js';
import { buildLessonCases, LESSON_CLASSES, type LessonClass } from '../support/templated-cases.js';
import {
  formatLessonTally,
  runLessonCases,
  standardLessonCases,
  tallyLessonOutcomes,
  type LessonOutcome,
} from '../support/templated-run.js';

/**
 * Templated curriculum pages (issue 18): public-domain texts laid out as lessons of one template,
 * with the publisher edits that put adaptations on the wrong lesson or lost them (a lesson inserted
 * or deleted before a routine box, a templated paragraph deleted, an edit at the quote's edge, a
 * short quote's context rewritten, a numbered section moved, edits of up to 20 % of the passage).
 * Margins must never draw in the wrong place, and must find at least what the usual annotator
 * approach (the benchmark's baseline) finds.
 */

/** Share of each class's cases Margins must draw in the right place (deleted passages: orphaned). */
const RECALL: Record<LessonClass, number> = {
  'boilerplate-section-shift': 0.9,
  'deleted-with-lookalike': 1,
  'edit-at-quote-edge': 0.9,
  'unique-quote-rewritten-context': 1,
  'moved-numbered-heading': 0.9,
  'edits-up-to-20-percent': 0.9,
};

describe('anchoring on templated curriculum pages', () => {
  let outcomes: LessonOutcome[] = [];
  beforeAll(() => {
    const dom = new JSDOM('');
    // The baseline's packages read these browser globals.
    Object.assign(globalThis, { Node: dom.window.Node, NodeFilter: dom.window.NodeFilter });
    outcomes = runLessonCases(standardLessonCases(), {
      ours: (s, _root, index) => {
        const r = anchor(s, index);
        return r.status === 'anchored' ? textOffsetsOf(r.range, index) : null;
      },
      baseline: (s, root, index) => {
        const r = baselineAnchor(root, toBaselineSelectors(s));
        return r ? textOffsetsOf(r, index) : null;
      },
    });
    console.log(`[anchoring templated] ${outcomes.length} cases\n${formatLessonTally(tallyLessonOutcomes(outcomes))}`);
  }, 240_000);

  it('builds the same cases from the same seed, at least 40 per class', () => {
    const a = buildLessonCases(18001, 3);
    expect(buildLessonCases(18001, 3)).toEqual(a);
    for (const cls of LESSON_CLASSES) expect(outcomes.filter((o) => o.c.cls === cls).length).toBeGreaterThanOrEqual(40);
  });

  for (const cls of LESSON_CLASSES) {
    it(`draws nothing in the wrong place when the page had a ${cls} edit`, () => {
      const wrong = outcomes.filter((o) => o.c.cls === cls && o.verdicts.ours === 'wrong');
      expect(wrong.map((o) => `${o.c.id}: "${o.selectors.quote.exact}" drawn on "${o.found.ours}"`)).toEqual([]);
    });

    it(`finds at least ${RECALL[cls] * 100} % of the passages, and no fewer than the baseline, when the page had a ${cls} edit`, () => {
      const mine = outcomes.filter((o) => o.c.cls === cls);
      const good = (engine: string) =>
        mine.filter((o) => o.verdicts[engine] === 'right' || o.verdicts[engine] === 'orphaned-correctly').length;
      const missed = mine
        .filter((o) => o.verdicts.ours === 'missed')
        .map((o) => `${o.c.id}: "${o.selectors.quote.exact}"`);
      expect(good('ours') / mine.length, missed.join('\n')).toBeGreaterThanOrEqual(RECALL[cls]);
      expect(good('ours')).toBeGreaterThanOrEqual(good('baseline'));
    });
  }
});
