import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetSelectors } from '@margins/shared';
import { buildTextIndex, type TextIndex } from '@margins/shared/anchoring';
import { applyEdit, EDITS, type EditKind } from './text-edits.js';

export { applyEdit, EDITS, judge, type EditKind, type Verdict } from './text-edits.js';

/**
 * The edit-robustness set: real annotated passages from saved pages, each re-anchored after the
 * edits live curriculum sites go through. Shared by the robustness test, the calibration of the
 * minimum score and the benchmark, so all three judge the same cases.
 */

/** A page parsed the way a browser would see it (scripts not run, nothing fetched). */
export function parsePage(html: string): Document {
  return new JSDOM(html).window.document;
}

/** One annotation saved by Hypothesis in ../shared/conformance/anchoring/hypothesis-client/html-baselines. */
export interface SavedAnnotation {
  page: string;
  id: string;
  label: string;
  selectors: TargetSelectors;
}

/** The saved pages and their annotations, selectors converted to Margins' shape (RangeSelector -> RangeHint). */
export function loadSavedPages(
  conformanceSetDir: string,
): { name: string; html: string; annotations: SavedAnnotation[] }[] {
  const dir = join(conformanceSetDir, 'hypothesis-client/html-baselines');
  return ['minimal', 'wikipedia-regression-testing'].map((name) => {
    const html = readFileSync(join(dir, `${name}.html`), 'utf8');
    const rows = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).rows as {
      id: string;
      text?: string;
      target: { selector: Record<string, unknown>[] }[];
    }[];
    return {
      name,
      html,
      annotations: rows.map((row) => ({
        page: name,
        id: row.id,
        label: row.text ?? row.id,
        selectors: fromHypothesis(row.target[0]!.selector),
      })),
    };
  });
}

/** Hypothesis selectors -> TargetSelectors. */
export function fromHypothesis(sels: Record<string, unknown>[]): TargetSelectors {
  const find = (type: string) => sels.find((s) => s.type === type);
  const q = find('TextQuoteSelector')!;
  const p = find('TextPositionSelector');
  const r = find('RangeSelector');
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: String(q.exact),
      prefix: typeof q.prefix === 'string' ? q.prefix : '',
      suffix: typeof q.suffix === 'string' ? q.suffix : '',
    },
    ...(p ? { position: { type: 'TextPositionSelector', start: Number(p.start), end: Number(p.end) } } : {}),
    ...(r
      ? {
          range: {
            type: 'RangeHint',
            startContainer: String(r.startContainer),
            startOffset: Number(r.startOffset),
            endContainer: String(r.endContainer),
            endOffset: Number(r.endOffset),
          },
        }
      : {}),
  };
}

/** A freshly parsed copy of the page body and its index. */
export function freshPage(html: string): { doc: Document; index: TextIndex } {
  const doc = parsePage(html);
  return { doc, index: buildTextIndex(doc.body) };
}

/** One re-anchoring case of the edit-robustness set, materialised on demand (a fresh copy of the page). */
export interface EditCase {
  id: string;
  page: string;
  label: string;
  /** 'stored': the selectors Hypothesis saved; 'described': what Margins' describe() writes for the same passage. */
  source: 'stored' | 'described';
  edit: EditKind;
  selectors: TargetSelectors;
  /** Builds the edited page: its root and where the passage is now (null: deleted). */
  materialize(): { root: HTMLElement; expected: { start: number; end: number } | null };
}

/** Every saved annotation x both selector sources x every edit that applies to it. */
export function buildEditCases(
  conformanceSetDir: string,
  anchorFn: (s: TargetSelectors, i: TextIndex) => Range | null,
  describeFn: (r: Range, i: TextIndex) => TargetSelectors,
): EditCase[] {
  const cases: EditCase[] = [];
  for (const page of loadSavedPages(conformanceSetDir)) {
    const original = parsePage(page.html);
    for (const a of page.annotations) {
      const index = buildTextIndex(original.body);
      const range = anchorFn(a.selectors, index);
      if (!range) throw new Error(`The saved annotation ${page.name}/${a.label} does not anchor on its own page`);
      const start = rawOf(index, range.startContainer, range.startOffset);
      const end = rawOf(index, range.endContainer, range.endOffset);
      const described = describeFn(range, index);
      for (const [source, selectors] of [
        ['stored', a.selectors],
        ['described', described],
      ] as const) {
        for (const edit of EDITS) {
          // Probe once whether the edit applies to this passage.
          const probe = buildTextIndex((original.cloneNode(true) as Document).body);
          if (applyEdit(probe, start, end, edit) === undefined) continue;
          cases.push({
            id: `${page.name}/${a.label} [${source}] ${edit}`,
            page: page.name,
            label: a.label,
            source,
            edit,
            selectors,
            materialize() {
              const doc = original.cloneNode(true) as Document;
              const expected = applyEdit(buildTextIndex(doc.body), start, end, edit)!;
              return { root: doc.body, expected };
            },
          });
        }
      }
    }
  }
  return cases;
}

/** Raw text offset of a boundary point in a text node of `index` (the saved passages start and end in text nodes). */
function rawOf(index: TextIndex, node: Node, offset: number): number {
  const i = index.nodes.indexOf(node as Text);
  if (i < 0) throw new Error('Expected a text-node boundary');
  return index.starts[i]! + offset;
}
