import { z } from 'zod';
import { AdaptationSchema, type Adaptation } from '../adaptation.js';
import { AppError, type FieldIssue } from '../errors.js';
import type { RangeHint, TargetSelectors } from '../selectors.js';
import { LABELS } from '../labels.js';
import { ADAPTATION_KINDS, type AdaptationKind } from '../taxonomy.js';
import { describeIssues, toFieldIssues } from '../validation.js';
import { ANNO_CONTEXT, typesOf, W3CAnnotationSchema, type W3CSelector } from './model.js';

/** Margins' own vocabulary: fields with no W3C equivalent live under this one key (an absolute IRI). */
export const MARGINS_NS = 'https://w3id.org/margins/ns#adaptation';
/** The generator recorded on every export. */
export const MARGINS_GENERATOR = { id: 'https://w3id.org/margins', type: 'Software', name: 'Margins' } as const;

/** The Margins-only part of an exported annotation. */
const MarginsExtensionSchema = z.looseObject({
  version: z.number().int().min(1).optional(),
  visibility: z.unknown().optional(),
  audience: z.unknown().optional(),
  evidence: z.unknown().optional(),
  provenance: z.unknown().optional(),
  pageTitle: z.string().optional(),
  author: z.unknown().optional(),
});

/**
 * Adaptation -> W3C Web Annotation (JSON-LD). The adaptation text is a commenting TextualBody,
 * the rationale a describing one, each kind a tagging one (model §3.3.5 purposes); the target is
 * a SpecificResource on the canonical page URL with every selector we hold (§4.2).
 */
export function toWebAnnotation(adaptation: Adaptation): Record<string, unknown> {
  const a = adaptation;
  const bodies: Record<string, unknown>[] = [
    { type: 'TextualBody', purpose: 'commenting', value: a.body, format: 'text/plain' },
  ];
  if (a.rationale)
    bodies.push({ type: 'TextualBody', purpose: 'describing', value: a.rationale, format: 'text/plain' });
  for (const kind of a.kinds) bodies.push({ type: 'TextualBody', purpose: 'tagging', value: kind });

  const selectors: W3CSelector[] = [a.target.quote];
  if (a.target.position) selectors.push(a.target.position);
  if (a.target.range) selectors.push(rangeHintToW3C(a.target.range));

  const extension: z.input<typeof MarginsExtensionSchema> = {
    version: a.version,
    visibility: a.visibility,
    audience: a.audience,
    pageTitle: a.page.title,
    author: a.author,
    ...(a.evidence ? { evidence: a.evidence } : {}),
    ...(a.provenance ? { provenance: a.provenance } : {}),
  };
  return {
    '@context': ANNO_CONTEXT,
    id: `urn:uuid:${a.id}`,
    type: 'Annotation',
    motivation: 'commenting',
    created: a.createdAt,
    modified: a.updatedAt,
    creator: {
      id: `urn:margins:author:${encodeURIComponent(a.author.id)}`,
      type: 'Person',
      ...(a.author.name ? { name: a.author.name } : {}),
    },
    generator: MARGINS_GENERATOR,
    body: bodies,
    target: { type: 'SpecificResource', source: a.page.url, selector: selectors },
    [MARGINS_NS]: extension,
  };
}

/** The W3C form of a range hint: XPathSelectors refined to a character offset (model §4.2.8, §4.2.9). */
function rangeHintToW3C(range: RangeHint): W3CSelector {
  const end = (value: string, offset: number) => ({
    type: 'XPathSelector',
    value,
    refinedBy: { type: 'TextPositionSelector', start: offset, end: offset },
  });
  return {
    type: 'RangeSelector',
    startSelector: end(range.startContainer, range.startOffset),
    endSelector: end(range.endContainer, range.endOffset),
  };
}

function rangeHintFromW3C(sel: W3CSelector): RangeHint | undefined {
  const point = (s: unknown) => {
    if (!s || typeof s !== 'object') return undefined;
    const o = s as W3CSelector;
    const refined = o.refinedBy as W3CSelector | undefined;
    if (
      !typesOf(o.type).includes('XPathSelector') ||
      typeof o.value !== 'string' ||
      !refined ||
      typeof refined.start !== 'number'
    )
      return undefined;
    return { container: o.value, offset: refined.start };
  };
  const start = point(sel.startSelector);
  const end = point(sel.endSelector);
  if (!start || !end) return undefined;
  return {
    type: 'RangeHint',
    startContainer: start.container,
    startOffset: start.offset,
    endContainer: end.container,
    endOffset: end.offset,
  };
}

const KIND_BY_NAME = new Map<string, AdaptationKind>(
  ADAPTATION_KINDS.flatMap(
    (k) =>
      [
        [k.id, k.id],
        [LABELS.kind.en[k.id].toLowerCase(), k.id],
      ] as [string, AdaptationKind][],
  ),
);

/** Options for {@link fromWebAnnotation}. */
export interface FromWebAnnotationOptions {
  /** Clock for annotations without dates. */
  now?: () => Date;
}

/**
 * W3C Web Annotation -> Adaptation. Checks the model's structure first, then that the annotation
 * carries what an adaptation needs (a web page, a quoted passage, a text body, a Margins kind),
 * and throws `invalid_annotation` with every problem found, worded for the person importing.
 */
export function fromWebAnnotation(input: unknown, options: FromWebAnnotationOptions = {}): Adaptation {
  const model = W3CAnnotationSchema.safeParse(input);
  if (!model.success) throw invalid('This is not a valid W3C Web Annotation', toFieldIssues(model.error));
  const anno = model.data;
  const issues: FieldIssue[] = [];

  const targets = Array.isArray(anno.target) ? anno.target : [anno.target];
  let target: { source: string; selectors: TargetSelectors } | undefined;
  for (const t of targets) {
    if (typeof t !== 'object' || typeof t.source !== 'string') continue;
    const sels = ([] as unknown[])
      .concat(t.selector ?? [])
      .filter((s): s is W3CSelector => typeof s === 'object' && s !== null);
    const quote = sels.find((s) => typesOf(s.type).includes('TextQuoteSelector'));
    if (!quote) continue;
    const position = sels.find((s) => typesOf(s.type).includes('TextPositionSelector'));
    const range = sels.find((s) => typesOf(s.type).includes('RangeSelector'));
    const rangeHint = range ? rangeHintFromW3C(range) : undefined;
    target = {
      source: t.source,
      selectors: {
        quote: {
          type: 'TextQuoteSelector',
          exact: String(quote.exact),
          prefix: typeof quote.prefix === 'string' ? quote.prefix : '',
          suffix: typeof quote.suffix === 'string' ? quote.suffix : '',
        },
        ...(position && Number(position.end) > Number(position.start)
          ? { position: { type: 'TextPositionSelector', start: Number(position.start), end: Number(position.end) } }
          : {}),
        ...(rangeHint ? { range: rangeHint } : {}),
      },
    };
    break;
  }
  if (!target)
    issues.push({
      path: 'target',
      message: 'The annotation must target a passage of a web page: a source address with a TextQuoteSelector.',
    });

  const bodies = (
    anno.bodyValue !== undefined
      ? [{ type: 'TextualBody', value: anno.bodyValue }]
      : ([] as unknown[]).concat(anno.body ?? [])
  ).filter(
    (b): b is Record<string, unknown> =>
      typeof b === 'object' && b !== null && typeof (b as { value?: unknown }).value === 'string',
  );
  const withPurpose = (purpose: string) => bodies.filter((b) => typesOf(b.purpose).includes(purpose));
  const text = withPurpose('commenting')[0] ?? bodies.find((b) => typesOf(b.purpose).length === 0);
  if (!text)
    issues.push({
      path: 'body',
      message: 'The annotation has no text body (a TextualBody with purpose "commenting") to use as the adaptation.',
    });

  const tags = withPurpose('tagging').map((b) => String(b.value));
  const kinds = [
    ...new Set(tags.map((t) => KIND_BY_NAME.get(t.trim().toLowerCase())).filter((k): k is AdaptationKind => !!k)),
  ];
  if (kinds.length === 0) {
    issues.push({
      path: 'body',
      message: `The annotation has no adaptation kind. Add a tagging body with one of: ${ADAPTATION_KINDS.map((k) => k.id).join(', ')}.`,
    });
  }
  if (issues.length) throw invalid('This annotation cannot be imported as an adaptation', issues);

  const ext = MarginsExtensionSchema.safeParse((anno as Record<string, unknown>)[MARGINS_NS] ?? {});
  const margins = ext.success ? ext.data : {};
  const now = (options.now ?? (() => new Date()))().toISOString();
  const created = anno.created ?? now;
  const creator = Array.isArray(anno.creator) ? anno.creator[0] : anno.creator;
  const creatorName =
    creator && typeof creator === 'object' ? ([] as unknown[]).concat(creator.name ?? [])[0] : undefined;

  const candidate = {
    id: idFromAnnotationId(anno.id),
    author: margins.author ?? { id: 'imported', ...(typeof creatorName === 'string' ? { name: creatorName } : {}) },
    page: { url: target!.source, title: margins.pageTitle ?? '' },
    target: target!.selectors,
    kinds,
    body: text!.value,
    rationale: withPurpose('describing')[0]?.value ?? '',
    ...(margins.audience !== undefined ? { audience: margins.audience } : {}),
    ...(margins.evidence !== undefined ? { evidence: margins.evidence } : {}),
    ...(margins.provenance !== undefined ? { provenance: margins.provenance } : {}),
    ...(margins.visibility !== undefined ? { visibility: margins.visibility } : {}),
    createdAt: created,
    updatedAt: anno.modified ?? created,
    version: margins.version ?? 1,
  };
  const parsed = AdaptationSchema.safeParse(candidate);
  if (!parsed.success)
    throw invalid('This annotation cannot be imported as an adaptation', toFieldIssues(parsed.error));
  return parsed.data;
}

function invalid(lead: string, issues: FieldIssue[]): AppError {
  return new AppError('invalid_annotation', `${lead}: ${describeIssues(issues, 3)}`, issues);
}

/**
 * Our exports use `urn:uuid:<id>`; any other annotation id is turned into a stable UUID (v8 layout)
 * so importing the same file twice recognises the duplicates.
 */
export function idFromAnnotationId(id: string): string {
  const m = /^urn:uuid:([0-9a-f-]{36})$/i.exec(id);
  if (m && z.uuid().safeParse(m[1]).success) return m[1]!.toLowerCase();
  const hex = hash128(id);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A fast non-cryptographic 128-bit hash (four interleaved 32-bit FNV/murmur-style lanes). */
function hash128(s: string): string {
  let h1 = 0x811c9dc5,
    h2 = 0x01000193,
    h3 = 0x9e3779b9,
    h4 = 0x85ebca6b;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0xcc9e2d51);
    h4 = Math.imul(h4 ^ c, 0x1b873593);
  }
  const mix = (h: number, k: number) => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b ^ k);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  return [mix(h1, h2), mix(h2, h3), mix(h3, h4), mix(h4, h1)].map((h) => h.toString(16).padStart(8, '0')).join('');
}
