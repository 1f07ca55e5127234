import { ANNO_CONTEXT, MARGINS_GENERATOR, type InsightCount, type InsightPageReport } from '@margins/shared';
import { csvDocument } from './csv.js';

/**
 * The files a curriculum lead sends out of the district (issue 20, item 4): one page's passage report
 * as CSV, and as a W3C Web Annotation collection anchored on the publisher's page. Both carry only
 * what the page report shows (passages of 5 or more teachers, guarded rationales, names only with
 * consent): an export never reveals more than the screen.
 */

const count = (c: InsightCount | null) => (c === null ? null : c === 'fewer-than-5' ? 'fewer than 5' : c);

/** The CSV header, one line per shown passage. */
export const INSIGHT_CSV_HEADER = [
  'page_url',
  'page_title',
  'passage_id',
  'from_char',
  'to_char',
  'quote',
  'teachers',
  'schools',
  'adaptations',
  'first_adapted',
  'teachers_before',
  'teachers_since',
  'kinds',
  'learner_groups',
  'tried_outcomes',
  'rationales',
  'rationales_withheld',
] as const;

/** The page report as CSV (RFC 4180, formula-neutralised: services/csv.ts). */
export function insightCsv(r: InsightPageReport): string {
  const list = (items: { label: string; n: number }[]) => items.map((i) => `${i.label}: ${i.n}`).join('; ');
  return csvDocument([
    INSIGHT_CSV_HEADER,
    ...r.passages.map((p) => [
      r.url,
      r.title,
      p.id,
      p.start,
      p.end,
      p.quote,
      p.teachers,
      p.schools,
      p.adaptations,
      p.firstAt,
      count(p.before),
      count(p.since),
      list(p.kinds.map((k) => ({ label: k.label, n: k.adaptations }))),
      list(p.learnerNeeds.map((k) => ({ label: k.label, n: k.adaptations }))),
      list(p.outcomes.map((o) => ({ label: o.label, n: o.count }))),
      p.rationales.map((x) => (x.author ? `${x.text} (${x.author})` : x.text)).join(' | '),
      p.withheld,
    ]),
  ]);
}

/**
 * The page report as a W3C AnnotationCollection (Web Annotation Data Model §5) with one embedded
 * AnnotationPage: one Annotation per passage, targeting the publisher's page with a TextQuoteSelector
 * (§4.2.4) and, where known, a TextPositionSelector (§4.2.5); the bodies are the summary and each
 * rationale as TextualBody (§3.2.4).
 */
export function insightAnnotations(r: InsightPageReport, opts: { id: string }): Record<string, unknown> {
  const items = r.passages.map((p, i) => {
    const summary = [
      `Adapted by ${p.teachers} teachers in ${p.schools} schools (${p.adaptations} adaptations, first on ${p.firstAt.slice(0, 10)}).`,
      p.kinds.length ? `Kinds: ${p.kinds.map((k) => `${k.label} (${k.adaptations})`).join(', ')}.` : '',
      p.learnerNeeds.length
        ? `Learner groups: ${p.learnerNeeds.map((k) => `${k.label} (${k.adaptations})`).join(', ')}.`
        : '',
      p.outcomes.length ? `"I tried this": ${p.outcomes.map((o) => `${o.label} (${o.count})`).join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const selector: Record<string, unknown>[] = [{ type: 'TextQuoteSelector', exact: p.quote }];
    if (p.start !== null && p.end !== null) selector.push({ type: 'TextPositionSelector', start: p.start, end: p.end });
    return {
      id: `${opts.id}#passage-${i + 1}`,
      type: 'Annotation',
      motivation: 'commenting',
      created: r.generatedAt,
      generator: MARGINS_GENERATOR,
      body: [
        { type: 'TextualBody', purpose: 'describing', format: 'text/plain', language: 'en', value: summary },
        ...p.rationales.map((x) => ({
          type: 'TextualBody',
          purpose: 'commenting',
          format: 'text/plain',
          value: x.text,
          ...(x.author ? { creator: { type: 'Person', name: x.author } } : {}),
        })),
      ],
      target: { source: r.url, selector },
    };
  });
  return {
    '@context': ANNO_CONTEXT,
    id: opts.id,
    type: 'AnnotationCollection',
    label: `Curriculum insight: ${r.title || r.url}`,
    total: items.length,
    generator: MARGINS_GENERATOR,
    generated: r.generatedAt,
    first: { id: `${opts.id}#page1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}
